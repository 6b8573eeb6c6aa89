// The media steps' shared work folder: an Azure Files share every instance mounts at the same path, laid out like
// the media store (sources/..., media/{videoId}/...). SMB mounts authenticate with the account key, so this
// account alone allows shared-key access. It holds only transient working files, never uploads or outputs: it is
// not a store of record.

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('File share name.')
param shareName string = 'work'

@description('Share quota in GiB: room for the sources and chunk files of the titles in flight.')
@minValue(100)
@maxValue(102400)
param quotaGiB int = 1024

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: true
  }

  resource files 'fileServices' = {
    name: 'default'

    resource share 'shares' = {
      name: shareName
      properties: {
        shareQuota: quotaGiB
      }
    }
  }
}

@description('Name of the account.')
output name string = account.name

@description('Name of the share.')
output shareName string = account::files::share.name
