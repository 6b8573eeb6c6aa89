// The Functions app on Flex Consumption (Linux, .NET 10 isolated), running as the user-assigned identity.
// Its package lives in a blob container of the runtime account, reached with that identity.

@description('Function app name (globally unique host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region (Flex Consumption is offered in a subset of regions).')
param location string

@description('Tags for the plan and the app; the app also gets azd-service-name.')
param tags object

@description('azd service name the app is deployed as.')
param serviceName string = 'api'

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Name of the runtime storage account (AzureWebJobsStorage and the deployment container).')
param runtimeStorageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Memory of each instance; 4096 MB brings 2 vCPUs for the ffmpeg chunk transcodes.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('Upper bound on instances: the cost ceiling of a burst of transcodes.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Application settings (identity-based connections only; no secrets).')
param appSettings object

@description('Storage account of the shared work folder (an Azure Files share mounted at workMountPath).')
param workShareAccountName string

@description('File share of the shared work folder.')
param workShareName string

@description('Where every instance mounts the work share.')
param workMountPath string = '/mounts/work'

@description('Other sites whose pages may call the API from a browser (exact origins); the platform\'s own pages come through the same Front Door host and need none.')
param apiAllowedOrigins string[] = []

@description('Application (client) id of the Entra app registration that issues API tokens; empty leaves App Service authentication off.')
param authClientId string = ''

resource runtimeStorage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: runtimeStorageAccountName
}

resource workShareAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: workShareAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: apiAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${runtimeStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // The media steps' shared work folder: Flex Consumption mounts Azure Files over SMB, with the account key only.
  resource mounts 'config' = {
    name: 'azurestorageaccounts'
    properties: {
      work: {
        type: 'AzureFiles'
        protocol: 'Smb'
        accountName: workShareAccount.name
        shareName: workShareName
        mountPath: workMountPath
        accessKey: workShareAccount.listKeys().keys[0].value
      }
    }
  }

  // Publishing goes through Entra ID (azd uses a token); basic-auth FTP and SCM credentials are off.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

// App Service authentication validates Entra bearer tokens and sets X-MS-CLIENT-PRINCIPAL (stripping any the
// caller sent); anonymous calls pass through so the app's own role checks decide (health, playback, search).
resource auth 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(authClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'Standard'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Name of the app.')
output name string = app.name

@description('Default host name of the app.')
output hostName string = app.properties.defaultHostName

@description('HTTPS URL of the app.')
output url string = 'https://${app.properties.defaultHostName}'
