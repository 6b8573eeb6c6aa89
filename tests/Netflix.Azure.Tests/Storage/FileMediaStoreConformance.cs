using Netflix.Core.Storage;
using Netflix.Local.Storage;

namespace Netflix.Azure.Tests.Storage;

/// <summary>The one-machine edition's store, on a temporary folder, against the store contract.</summary>
public sealed class FileMediaStoreConformance : MediaStoreConformance
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "netflix-store-" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<IMediaStore> CreateStoreAsync() => Task.FromResult<IMediaStore>(new FileMediaStore(_root));

    protected override Task DeleteStoreAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
