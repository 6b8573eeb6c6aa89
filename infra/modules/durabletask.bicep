// Durable Task Scheduler: the managed backend for Durable Functions (host.json storageProvider type azureManaged).

import { roleAssignment } from 'types.bicep'

@description('Scheduler name (3-64 letters, digits and dashes).')
@minLength(3)
@maxLength(64)
param name string

@description('Task hub name.')
param taskHubName string

@description('Azure region (the scheduler is not offered in every region).')
param location string

@description('Tags for the scheduler.')
param tags object

@description('Consumption bills per orchestration action with no base fee; Dedicated reserves capacity units.')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

@description('Roles to grant on the scheduler (the app needs Durable Task Data Contributor).')
param roleAssignments roleAssignment[] = []

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: skuName == 'Dedicated'
      ? {
          name: skuName
          capacity: 1
        }
      : {
          name: skuName
        }
    // An empty list denies every caller; access is governed by RBAC on top of this.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2026-02-01' = {
  parent: scheduler
  name: taskHubName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(scheduler.id, assignment.principalId, assignment.roleDefinitionId)
    scope: scheduler
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the scheduler.')
output name string = scheduler.name

@description('Endpoint of the scheduler.')
output endpoint string = scheduler.properties.endpoint

@description('Name of the task hub.')
output taskHubName string = taskHub.name
