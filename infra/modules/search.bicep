// Azure AI Search with Entra ID (RBAC) as the only way in: API keys are off.

import { roleAssignment } from 'types.bicep'

@description('Service name (2-60 lowercase letters, digits and dashes; globally unique).')
@minLength(2)
@maxLength(60)
param name string

@description('Azure region.')
param location string

@description('Tags for the service.')
param tags object

@description('Pricing tier: free (one per subscription, 50 MB, no SLA) or basic.')
@allowed([
  'free'
  'basic'
])
param sku string = 'basic'

@description('Roles to grant on the service (the app needs Search Index Data Contributor and Search Service Contributor).')
param roleAssignments roleAssignment[] = []

resource search 'Microsoft.Search/searchServices@2025-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'Default'
    publicNetworkAccess: 'Enabled'
    // RBAC only: with local auth disabled the service takes no authOptions (keys can't be used at all).
    disableLocalAuth: true
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(search.id, assignment.principalId, assignment.roleDefinitionId)
    scope: search
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the service.')
output name string = search.name

@description('Endpoint of the service.')
output endpoint string = search.properties.endpoint
