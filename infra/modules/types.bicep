// Shared types and built-in role ids, imported by main.bicep and the modules (compile-time import: no registry).

@export()
@description('One Azure RBAC role to grant on the resource a module creates.')
type roleAssignment = {
  @description('Object id of the identity that gets the role.')
  principalId: string

  @description('Kind of identity: ARM checks it and uses it to avoid replication delays.')
  principalType: 'User' | 'Group' | 'ServicePrincipal'

  @description('Id (GUID) of the built-in role definition.')
  roleDefinitionId: string
}

@export()
@description('Built-in Azure role definition ids used by this deployment.')
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  searchIndexDataContributor: '8ebe5a00-799e-43f5-93ac-243d3dce84a7'
  searchServiceContributor: '7ca78c08-252a-4471-8644-bb5ff32d4ba0'
}

@export()
@description('Cosmos DB SQL data-plane built-in role "Cosmos DB Built-in Data Contributor" (not an Azure RBAC role).')
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'
