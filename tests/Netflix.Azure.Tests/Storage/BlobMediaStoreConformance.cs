using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Storage;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Storage;

/// <summary>
/// The Azure edition's store, on Azurite, against the store contract. Blocks of 1 MiB make the large-chunk case
/// stage one chunk as several blocks.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobMediaStoreConformance(AzuriteFixture azurite) : MediaStoreConformance
{
    private readonly BlobStoreOptions _options = new()
    {
        ConnectionString = azurite.ConnectionString,
        UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
        MediaContainer = AzuriteFixture.NewContainerName("media"),
        BlockSize = 1024 * 1024,
    };

    private BlobMediaStore? _store;

    protected override async Task<IMediaStore> CreateStoreAsync()
    {
        _store = new BlobMediaStore(azurite.Service, _options);
        await _store.EnsureContainersAsync(CancellationToken.None);
        return _store;
    }

    protected override async Task DeleteStoreAsync()
    {
        await _store!.Uploads.DeleteIfExistsAsync();
        await _store.Media.DeleteIfExistsAsync();
    }
}
