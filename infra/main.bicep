// The Azure edition of the platform, deployed by `azd up`: one resource group with the Functions app (Flex
// Consumption; Durable Functions on the Azure Storage provider in the runtime account), media storage, Event Grid ->
// Service Bus ingest, Cosmos DB, AI Search and Front Door in front of the player, the API and the media.
// Identity-based access everywhere, no connection strings with secrets; the one account key is the work share's
// (modules/workshare.bicep says why). Plain resources and local modules only, so `bicep build` works offline.

targetScope = 'subscription'

import { roles } from 'modules/types.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

// Regions that offer the Flex Consumption plan, as listed in the Azure-Samples functions quickstarts
// (functions-quickstart-dotnet-azd, infra/main.bicep, 2026) and to be checked against "Create and manage function
// apps in the Flex Consumption plan" (section "View currently supported regions"); the canary region eastus2euap is
// left out. Storage, Cosmos DB serverless, Service Bus Standard, Event Grid and Log Analytics are offered in each of
// them and Front Door is global. AI Search is offered in nearly all ("Azure AI Search regions list" names the
// exceptions and the regions short of capacity, westus2 among them): searchLocation puts it elsewhere.
@minLength(1)
@description('Azure region for all resources (AI Search may go elsewhere: searchLocation).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running the deployment; gets upload rights on the static site. Empty grants nothing.')
param principalId string = ''

@description('Kind of principal in principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Azure AI Search tier: free (one per subscription, 50 MB) or basic.')
@allowed([
  'free'
  'basic'
])
param searchSku string = 'basic'

@description('Region of the search service when it cannot be the main one (AI Search capacity differs by region); empty: location.')
param searchLocation string = ''

@description('Memory of each Functions instance in MB (4096 brings 2 vCPUs for transcoding).')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 4096

@description('Most Functions instances a burst of transcodes may start: the ceiling on compute spend.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Replication of the media account (sources are kept forever: consider a zone- or geo-redundant SKU).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param mediaStorageSku string = 'Standard_LRS'

@description('Edge cache time for media objects without Cache-Control (d.hh:mm:ss).')
param mediaCacheDuration string = '1.00:00:00'

@description('Application (client) id of the Entra app registration whose tokens the API accepts (app roles admin, viewer). Empty leaves App Service authentication off.')
param authClientId string = ''

@description('Other sites whose pages may call the API from a browser, comma-separated exact origins such as https://studio.example.com; empty: only the platform\'s own pages.')
param apiAllowedOrigins string = ''

@secure()
@description('Base64 key (32+ bytes) that signs playlist URLs; the preprovision hook makes one per environment.')
param playbackKey string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var uploadsContainer = 'uploads'
var mediaContainer = 'media'
var deploymentContainer = 'app-package'
var ingestQueue = 'media-uploads'
var databaseName = 'netflix'
var searchIndexName = 'videos'
// Durable task hub (host.json hubName %DURABLE_TASK_HUB_NAME%): its queues, tables and blobs live in the runtime
// account under this prefix. A new name starts an empty hub; instances in the old one are then no longer run.
var taskHubName = 'ingest'
var deployer = empty(principalId)
  ? []
  : [
      {
        principalId: principalId
        principalType: principalType
      }
    ]

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

var app = {
  principalId: identity.outputs.principalId
  principalType: 'ServicePrincipal'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    roleAssignments: [
      union(app, { roleDefinitionId: roles.monitoringMetricsPublisher })
    ]
  }
}

module mediaStorage 'modules/storage.bicep' = {
  name: 'media-storage'
  scope: rg
  params: {
    name: 'stmedia${resourceToken}'
    location: location
    tags: tags
    skuName: mediaStorageSku
    containers: [
      uploadsContainer
      mediaContainer
    ]
    // Nothing the admin sent is lost to a mistaken delete either.
    deleteRetentionDays: 14
    roleAssignments: [
      // Contributor includes generateUserDelegationKey, which the playback signer needs for user delegation SAS.
      union(app, { roleDefinitionId: roles.storageBlobDataContributor })
    ]
  }
}

module runtimeStorage 'modules/storage.bicep' = {
  name: 'runtime-storage'
  scope: rg
  params: {
    name: 'stfunc${resourceToken}'
    location: location
    tags: tags
    containers: [
      deploymentContainer
    ]
    // AzureWebJobsStorage. The host keeps keys, leases and the package in blobs (Blob Data Owner, as host storage
    // over an identity requires); the Durable task hub keeps its control and work-item queues, its history and
    // instance tables, and its lease and large-message blobs here too.
    roleAssignments: [
      union(app, { roleDefinitionId: roles.storageBlobDataOwner })
      union(app, { roleDefinitionId: roles.storageQueueDataContributor })
      union(app, { roleDefinitionId: roles.storageTableDataContributor })
    ]
  }
}

module siteStorage 'modules/storage.bicep' = {
  name: 'site-storage'
  scope: rg
  params: {
    name: 'stweb${resourceToken}'
    location: location
    tags: tags
    staticWebsite: true
    // The deploy hook uploads the pages with the deployer's own Entra identity.
    roleAssignments: [for person in deployer: union(person, { roleDefinitionId: roles.storageBlobDataContributor })]
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: 'sb-${resourceToken}'
    location: location
    tags: tags
    queueName: ingestQueue
    queueRoleAssignments: [
      // Receiving needs only Data Receiver, but the trigger's scale monitor reads the queue's message count,
      // which takes the Manage claim: Data Owner, scoped to this one queue.
      union(app, { roleDefinitionId: roles.serviceBusDataOwner })
    ]
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: 'evgt-media-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: mediaStorage.outputs.name
    uploadsContainer: uploadsContainer
    serviceBusNamespaceName: serviceBus.outputs.name
    queueName: serviceBus.outputs.queueName
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    databaseName: databaseName
    dataContributorPrincipalIds: [
      identity.outputs.principalId
    ]
  }
}

module search 'modules/search.bicep' = {
  name: 'search'
  scope: rg
  params: {
    name: 'srch-${resourceToken}'
    location: empty(searchLocation) ? location : searchLocation
    tags: tags
    sku: searchSku
    roleAssignments: [
      union(app, { roleDefinitionId: roles.searchIndexDataContributor })
      // Creates and updates the index definition at start.
      union(app, { roleDefinitionId: roles.searchServiceContributor })
    ]
  }
}

module frontDoor 'modules/frontdoor.bicep' = {
  name: 'front-door'
  scope: rg
  params: {
    profileName: 'afd-${resourceToken}'
    endpointName: 'fde-${resourceToken}'
    tags: tags
  }
}

var cdnHost = frontDoor.outputs.hostName

// The app reads every other module's outputs, and each module creates its role assignments before it completes.
// Data-plane checks can still refuse them for some minutes after: the app's start-up waits that out (AzureStartup).
module workShare 'modules/workshare.bicep' = {
  name: 'work-share'
  scope: rg
  params: {
    name: 'stwork${resourceToken}'
    location: location
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: 'func-api-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    runtimeStorageAccountName: runtimeStorage.outputs.name
    deploymentContainerName: deploymentContainer
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    authClientId: authClientId
    apiAllowedOrigins: filter(map(split(apiAllowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))
    workShareAccountName: workShare.outputs.name
    workShareName: workShare.outputs.shareName
    appSettings: {
      // Functions host storage and the Durable backend (host.json: storageProvider AzureStorage, connectionName
      // AzureWebJobsStorage), reached with the app identity. Durable Functions needs clientId for a user-assigned one.
      AzureWebJobsStorage__blobServiceUri: runtimeStorage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: runtimeStorage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: runtimeStorage.outputs.tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      // Picks the user-assigned identity for the Azure SDK clients the adapters build (DefaultAzureCredential).
      AZURE_CLIENT_ID: identity.outputs.clientId
      // Service Bus trigger: [ServiceBusTrigger("%UploadsQueueName%", Connection = "ServiceBusConnection")].
      ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identity.outputs.clientId
      UploadsQueueName: serviceBus.outputs.queueName
      DURABLE_TASK_HUB_NAME: taskHubName
      // Adapters in Netflix.Azure, by configuration section (Storage, Cosmos, Search, Playback:Sas).
      Storage__ServiceUri: mediaStorage.outputs.blobEndpoint
      Storage__UploadsContainer: uploadsContainer
      Storage__MediaContainer: mediaContainer
      Cosmos__Endpoint: cosmos.outputs.endpoint
      Cosmos__DatabaseName: cosmos.outputs.databaseName
      Search__Endpoint: search.outputs.endpoint
      Search__IndexName: searchIndexName
      // Media URLs keep the blob path (/media/...) on the Front Door host, whose /media/* route reaches the blobs.
      Playback__Sas__CdnEndpoint: 'https://${cdnHost}'
      Playback__Sas__MediaContainer: mediaContainer
      // Playlists are rewritten per request by the app at /api/cdn/..., signed with this key.
      Playback__PlaylistBase: '/api/cdn'
      Playback__Keys__0__Id: 'k1'
      Playback__Keys__0__Secret: playbackKey
      // The media steps' shared work folder.
      Media__WorkspaceDirectory: '/mounts/work'
    }
  }
}

module frontDoorRoutes 'modules/frontdoor-routes.bicep' = {
  name: 'front-door-routes'
  scope: rg
  params: {
    profileName: frontDoor.outputs.profileName
    endpointName: frontDoor.outputs.endpointName
    apiHost: functionApp.outputs.hostName
    mediaHost: mediaStorage.outputs.blobHost
    siteHost: siteStorage.outputs.webHost
    mediaCacheDuration: mediaCacheDuration
  }
}

// Written by azd into .azure/<env>/.env; the deploy hooks read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_CDN_ENDPOINT_HOST string = cdnHost
output AZURE_CDN_URL string = 'https://${cdnHost}'
output AZURE_FRONT_DOOR_PROFILE_NAME string = frontDoor.outputs.profileName
output AZURE_FRONT_DOOR_ENDPOINT_NAME string = frontDoor.outputs.endpointName
output AZURE_MEDIA_STORAGE_ACCOUNT string = mediaStorage.outputs.name
output AZURE_MEDIA_BLOB_ENDPOINT string = mediaStorage.outputs.blobEndpoint
output AZURE_SITE_STORAGE_ACCOUNT string = siteStorage.outputs.name
output AZURE_SITE_WEB_ENDPOINT string = siteStorage.outputs.webEndpoint
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_SEARCH_ENDPOINT string = search.outputs.endpoint
output AZURE_SERVICEBUS_FQDN string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_RUNTIME_STORAGE_ACCOUNT string = runtimeStorage.outputs.name
output AZURE_DURABLE_TASK_HUB_NAME string = taskHubName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output AZURE_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_AUTH_ENABLED bool = !empty(authClientId)
