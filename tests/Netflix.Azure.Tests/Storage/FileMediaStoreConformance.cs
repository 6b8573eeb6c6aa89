using Netflix.Core.Storage;
using Netflix.Local.Storage;
using Netflix.Testing;

namespace Netflix.Azure.Tests.Storage;

/// <summary>The one-machine edition's store, on a temporary folder, against the store contract.</summary>
public sealed class FileMediaStoreConformance : MediaStoreConformance
{
    private readonly TempFolder _root = new("netflix-store");

    protected override Task<IMediaStore> CreateStoreAsync() => Task.FromResult<IMediaStore>(new FileMediaStore(_root.Path));

    [Fact]
    public async Task A_commit_retried_after_a_crash_between_rename_and_clean_up_removes_the_staging_folder()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("0123456789");
        await Store.StageChunkAsync("u-crash", 0, 0, new MemoryStream(bytes), CancellationToken.None);
        var staging = Path.Combine(_root.Path, "staging", "u-crash");
        var target = Path.Combine(_root.Path, "sources", "v1", "original.mp4");

        // What the crash left: the data renamed to its key, the folder with its chunk marker still there.
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(Path.Combine(staging, "data.partial"), target);
        Assert.NotEmpty(Directory.GetFiles(staging));

        await Store.CommitAsync("u-crash", 1, bytes.Length, "sources/v1/original.mp4", CancellationToken.None);

        Assert.False(Directory.Exists(staging));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(target));
    }

    protected override Task DeleteStoreAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
