// The media steps' shared work folder: an Azure Files share every instance mounts at the same path, laid out like
// the media store (sources/..., media/{videoId}/...). Flex Consumption mounts Azure Files over SMB only, and a
// Functions mount authenticates with the account key only (no managed identity; NFS mounts exist on Premium and
// Dedicated plans, not on Flex). So this account alone allows shared-key access, and it holds only transient working
// files, never uploads or outputs: nothing of record is reachable with its key.

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
    allowCrossTenantReplication: false
    // The mount's only way in.
    allowSharedKeyAccess: true
    // Shares above 5 TiB (quotaGiB allows up to 100 TiB).
    largeFileSharesState: 'Enabled'
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
