// Front Door origins and routes on one endpoint, so the player, the API and the media share one host:
//   /api/*   -> Functions app, never cached
//   /media/* -> media account blob endpoint, path kept as is (so /media/... is the "media" container), cached
//   /*       -> static website of the site account, cached (the deploy hook purges after an upload)

@description('Front Door profile name (from frontdoor.bicep).')
param profileName string

@description('Endpoint name (from frontdoor.bicep).')
param endpointName string

@description('Host name of the Functions app.')
param apiHost string

@description('Blob host name of the media account.')
param mediaHost string

@description('Static website host name of the site account.')
param siteHost string

@description('How long the edge keeps a media object whose blob carries no Cache-Control (d.hh:mm:ss). The cache key includes the signature, so a cached object is only served for the exact signed URL that fetched it.')
param mediaCacheDuration string = '1.00:00:00'

resource profile 'Microsoft.Cdn/profiles@2026-07-01' existing = {
  name: profileName

  resource endpoint 'afdEndpoints' existing = {
    name: endpointName
  }
}

// One origin per group: health probes would only add billed requests, so they are off.
var loadBalancing = {
  sampleSize: 4
  successfulSamplesRequired: 3
  additionalLatencyInMilliseconds: 50
}

resource apiGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'api'
  properties: {
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource apiOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: apiGroup
  name: 'functions'
  properties: {
    hostName: apiHost
    originHostHeader: apiHost
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource mediaGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'media'
  properties: {
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource mediaOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: mediaGroup
  name: 'blob'
  properties: {
    hostName: mediaHost
    originHostHeader: mediaHost
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource siteGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'site'
  properties: {
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource siteOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: siteGroup
  name: 'web'
  properties: {
    hostName: siteHost
    originHostHeader: siteHost
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

// Segments, init segments, posters, storyboards and captions are immutable once written: cache them at the edge.
resource mediaRules 'Microsoft.Cdn/profiles/ruleSets@2026-07-01' = {
  parent: profile
  name: 'mediacache'
}

resource segmentRule 'Microsoft.Cdn/profiles/ruleSets/rules@2026-07-01' = {
  parent: mediaRules
  name: 'immutablemedia'
  properties: {
    order: 1
    matchProcessingBehavior: 'Continue'
    conditions: [
      {
        name: 'UrlFileExtension'
        parameters: {
          typeName: 'DeliveryRuleUrlFileExtensionMatchConditionParameters'
          operator: 'Equal'
          negateCondition: false
          matchValues: [
            'm4s'
            'mp4'
            'm4a'
            'ts'
            'aac'
            'jpg'
            'jpeg'
            'png'
            'webp'
            'vtt'
          ]
          transforms: [
            'Lowercase'
          ]
        }
      }
    ]
    actions: [
      {
        name: 'RouteConfigurationOverride'
        parameters: {
          typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
          cacheConfiguration: {
            queryStringCachingBehavior: 'UseQueryString'
            cacheBehavior: 'OverrideIfOriginMissing'
            cacheDuration: mediaCacheDuration
            isCompressionEnabled: 'Disabled'
          }
        }
      }
    ]
  }
}

resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: profile::endpoint
  name: 'api'
  properties: {
    originGroup: {
      id: apiGroup.id
    }
    patternsToMatch: [
      '/api/*'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
  dependsOn: [
    apiOrigin
  ]
}

resource mediaRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: profile::endpoint
  name: 'media'
  properties: {
    originGroup: {
      id: mediaGroup.id
    }
    patternsToMatch: [
      '/media/*'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    ruleSets: [
      {
        id: mediaRules.id
      }
    ]
    cacheConfiguration: {
      // The SAS is part of the key: the edge never answers a request whose signature differs from the one the
      // origin accepted. Signed URLs that are stable for a while (expiry rounded to a bucket) make this cache hit.
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: false
      }
    }
  }
  dependsOn: [
    mediaOrigin
    segmentRule
    // Routes of one endpoint are created one after another: concurrent route updates on an endpoint conflict.
    apiRoute
  ]
}

resource siteRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: profile::endpoint
  name: 'site'
  properties: {
    originGroup: {
      id: siteGroup.id
    }
    patternsToMatch: [
      '/*'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'text/html'
          'text/css'
          'text/javascript'
          'application/javascript'
          'application/json'
          'image/svg+xml'
        ]
      }
    }
  }
  dependsOn: [
    siteOrigin
    mediaRoute
  ]
}

@description('Routes on the endpoint.')
output routes string[] = [
  apiRoute.name
  mediaRoute.name
  siteRoute.name
]
