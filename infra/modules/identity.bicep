// The user-assigned identity the Functions app runs as: every service accepts it, no keys or connection strings exist.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Object (principal) id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client id, for the app settings that pick this identity.')
output clientId string = identity.properties.clientId
