// Event Grid system topic on the media account: BlobCreated under uploads/sources/ goes to the Service Bus queue,
// delivered with the topic's own managed identity (no SAS, no connection string).

import { roles } from 'types.bicep'

@description('Name of the system topic.')
param name string

@description('Region of the media storage account (a system topic lives with its source).')
param location string

@description('Tags for the topic.')
param tags object

@description('Name of the media storage account whose events are published.')
param storageAccountName string

@description('Container the admin uploads into.')
param uploadsContainer string

@description('Service Bus namespace that receives the events.')
param serviceBusNamespaceName string

@description('Queue that receives the events.')
param queueName string

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName

  resource queue 'queues' existing = {
    name: queueName
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The topic's identity may only send, and only to this queue.
resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace::queue.id, topic.id, roles.serviceBusDataSender)
  scope: namespace::queue
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'source-uploaded'
  properties: {
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'ServiceBusQueue'
        properties: {
          resourceId: namespace::queue.id
        }
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // Only committed sources (uploads/sources/{videoId}/original.*); chunk staging elsewhere raises nothing.
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainer}/blobs/sources/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [
    senderRole
  ]
}

@description('Name of the system topic.')
output name string = topic.name
