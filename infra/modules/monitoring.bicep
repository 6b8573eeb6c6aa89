// Log Analytics workspace and a workspace-based Application Insights that accepts Entra-authenticated telemetry only.

import { roleAssignment } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags for both resources.')
param tags object

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Roles to grant on the Application Insights component (the app needs Monitoring Metrics Publisher).')
param roleAssignments roleAssignment[] = []

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry must be sent with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), never the key alone.
    DisableLocalAuth: true
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(appInsights.id, assignment.principalId, assignment.roleDefinitionId)
    scope: appInsights
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Application Insights connection string (identifies the component; ingestion still needs Entra auth).')
output connectionString string = appInsights.properties.ConnectionString

@description('Name of the Application Insights component.')
output applicationInsightsName string = appInsights.name

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id
