// Cosmos DB for NoSQL, serverless, Entra ID only. The database and containers are created here because a
// data-plane RBAC identity cannot create them; the app's create-if-missing check then only reads.

import { cosmosDataContributorRoleId } from 'types.bicep'

@description('Account name (3-44 lowercase letters, digits and dashes; globally unique).')
@minLength(3)
@maxLength(44)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('Database name.')
param databaseName string

@description('Object ids of the identities that get the Cosmos DB Built-in Data Contributor data-plane role.')
param dataContributorPrincipalIds string[] = []

// Partition keys and indexes match Netflix.Azure's CosmosCatalog.ContainerDefinitions: keep both in step.
var containers = [
  {
    name: 'videos'
    partitionKey: '/id'
    // The list's ORDER BY createdMs DESC, id DESC needs this composite index.
    compositeIndexes: [
      [
        {
          path: '/createdMs'
          order: 'descending'
        }
        {
          path: '/id'
          order: 'descending'
        }
      ]
    ]
  }
  {
    name: 'users'
    partitionKey: '/id'
    compositeIndexes: []
  }
  {
    name: 'watchPositions'
    partitionKey: '/userId'
    compositeIndexes: []
  }
  {
    name: 'uploads'
    partitionKey: '/id'
    compositeIndexes: []
  }
  {
    name: 'uploadChunks'
    partitionKey: '/uploadId'
    compositeIndexes: []
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [
            container.partitionKey
          ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [
            {
              path: '/*'
            }
          ]
          excludedPaths: [
            {
              path: '/"_etag"/?'
            }
          ]
          compositeIndexes: container.compositeIndexes
        }
      }
    }
  }
]

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, cosmosDataContributorRoleId)
    properties: {
      principalId: principalId
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
      scope: account.id
    }
  }
]

@description('Name of the account.')
output name string = account.name

@description('Document endpoint of the account.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database.')
output databaseName string = database.name
