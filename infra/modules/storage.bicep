// A StorageV2 account that takes Entra ID only: no shared keys, no anonymous blob access, TLS 1.2, HTTPS only.
// Used three times: media (uploads + outputs), the Functions runtime (host state, the Durable task hub and the
// deployment package), the static site.

import { roleAssignment } from 'types.bicep'

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('Replication SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string = 'Standard_LRS'

@description('Private blob containers to create.')
param containers string[] = []

@description('Days deleted blobs and containers stay recoverable; 0 turns soft delete off.')
@minValue(0)
@maxValue(365)
param deleteRetentionDays int = 0

@description('Serve the $web container as a static website (index.html for "/" and for unknown paths).')
param staticWebsite bool = false

@description('Roles to grant on the account.')
param roleAssignments roleAssignment[] = []

var softDelete = deleteRetentionDays > 0 ? { enabled: true, days: max(deleteRetentionDays, 1) } : { enabled: false }

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: softDelete
    containerDeleteRetentionPolicy: softDelete
    // Static website has been an ARM property of the blob service since API 2025-08-01, so no data-plane call is needed.
    staticWebsite: staticWebsite
      ? {
          enabled: true
          indexDocument: 'index.html'
          errorDocument404Path: 'index.html'
        }
      : null
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(account.id, assignment.principalId, assignment.roleDefinitionId)
    scope: account
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the account.')
output name string = account.name

@description('Resource id of the account.')
output id string = account.id

@description('Blob endpoint, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint, with a trailing slash.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table endpoint, with a trailing slash.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Blob endpoint host name.')
output blobHost string = split(account.properties.primaryEndpoints.blob, '/')[2]

@description('Static website endpoint, with a trailing slash (empty when the account has no web endpoint).')
output webEndpoint string = account.properties.primaryEndpoints.?web ?? ''

@description('Static website host name (empty when the account has no web endpoint).')
output webHost string = empty(account.properties.primaryEndpoints.?web ?? '') ? '' : split(account.properties.primaryEndpoints.web, '/')[2]
