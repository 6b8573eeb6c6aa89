using Azure.Storage.Blobs;
using Netflix.Azure.Storage;
using Netflix.Core.Storage;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Storage;

/// <summary>
/// The blob store signed in with an Entra ID token, as production runs it (no account key): the same-account copy at
/// commit is authorised by that identity alone.
/// </summary>
public sealed class EntraBlobMediaStoreConformance(EntraAzuriteFixture azurite) : MediaStoreConformance, IClassFixture<EntraAzuriteFixture>
{
    private BlobMediaStore? _store;

    protected override async Task<IMediaStore> CreateStoreAsync()
    {
        var options = new BlobStoreOptions
        {
            ServiceUri = azurite.BlobEndpoint,
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
            BlockSize = 1024 * 1024,
        };
        BlobServiceClient service = azurite.CreateService();
        _store = new BlobMediaStore(service, options);
        await _store.EnsureContainersAsync(CancellationToken.None);
        return _store;
    }

    protected override async Task DeleteStoreAsync()
    {
        await _store!.Uploads.DeleteIfExistsAsync();
        await _store.Media.DeleteIfExistsAsync();
    }
}
