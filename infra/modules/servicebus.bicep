// Service Bus namespace (Standard, Entra ID only) with the queue Event Grid fills and the ingest trigger drains.

import { roleAssignment } from 'types.bicep'

@description('Namespace name (globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags for the namespace.')
param tags object

@description('Queue that carries BlobCreated events for new sources.')
param queueName string

@description('Roles to grant on the queue (the ingest trigger receives and reads message counts).')
param queueRoleAssignments roleAssignment[] = []

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    // Starting a Durable orchestration takes seconds; a short lock redelivers quickly after a crashed instance.
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    defaultMessageTimeToLive: 'P14D'
    deadLetteringOnMessageExpiration: true
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in queueRoleAssignments: {
    name: guid(queue.id, assignment.principalId, assignment.roleDefinitionId)
    scope: queue
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the namespace.')
output name string = namespace.name

@description('Fully qualified namespace host name, for identity-based connections.')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]

@description('Name of the queue.')
output queueName string = queue.name
