// Front Door Standard profile and its endpoint. Origins and routes are in frontdoor-routes.bicep, deployed once the
// Functions app exists: the app's settings need this endpoint's host name, and the routes need the app's.

@description('Front Door profile name.')
param profileName string

@description('Endpoint name (Front Door appends a hash to make the host name unique).')
param endpointName string

@description('Tags for the profile and the endpoint.')
param tags object

resource profile 'Microsoft.Cdn/profiles@2026-07-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2026-07-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

@description('Name of the profile.')
output profileName string = profile.name

@description('Name of the endpoint.')
output endpointName string = endpoint.name

@description('Host name of the endpoint (player, API and media all go through it).')
output hostName string = endpoint.properties.hostName
