using System.Text;
using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Storage;
using Netflix.Testing;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Storage;

/// <summary>The shared work folder and the blob store on Azurite: sources staged in, published outputs copied out.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkspaceSyncTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string VideoId = "vid_sync";

    private readonly TempFolder _workspace = new("netflix-work");
    private BlobMediaStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new BlobMediaStore(azurite.Service, new BlobStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
        });
        await _store.EnsureContainersAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.Uploads.DeleteIfExistsAsync();
        await _store.Media.DeleteIfExistsAsync();
        _workspace.Dispose();
    }

    [Fact]
    public async Task The_source_is_staged_once_and_a_partial_copy_is_replaced()
    {
        var key = StoreKeys.Source(VideoId, ".mp4");
        var bytes = Encoding.UTF8.GetBytes(new string('s', 300_000));
        await _store.PutAsync(key, new MemoryStream(bytes), CancellationToken.None);
        var sync = new WorkspaceSync(_store, _workspace.Path);

        var local = await sync.StageSourceAsync(key, CancellationToken.None);
        Assert.Equal(Path.Combine(_workspace.Path, "sources", VideoId, "original.mp4"), local);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(local));

        // A copy cut short by a crash is taken again; a complete one is kept as it is.
        await File.WriteAllBytesAsync(local, bytes[..1000]);
        await sync.StageSourceAsync(key, CancellationToken.None);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(local));
        var written = File.GetLastWriteTimeUtc(local);
        await sync.StageSourceAsync(key, CancellationToken.None);
        Assert.Equal(written, File.GetLastWriteTimeUtc(local));
    }

    [Fact]
    public async Task A_source_the_store_lacks_is_an_error()
        => await Assert.ThrowsAsync<FileNotFoundException>(() => new WorkspaceSync(_store, _workspace.Path).StageSourceAsync(StoreKeys.Source("nothing", ".mp4"), CancellationToken.None));

    [Fact]
    public async Task Published_outputs_reach_the_store_new_segments_once_and_playlists_every_time()
    {
        var hls = Path.Combine(_workspace.Path, "media", VideoId, "hls");
        Write(Path.Combine(hls, "360p", "init.mp4"), "init");
        Write(Path.Combine(hls, "360p", "c00000_000.m4s"), "segment zero");
        Write(Path.Combine(hls, "360p", "index.m3u8"), "#EXTM3U\n#EXTINF:4,\nc00000_000.m4s\n");
        Write(Path.Combine(hls, "360p", "c00001_000.m4s.part"), "being written");
        Write(Path.Combine(hls, "tmp", "stitch-1", "scratch.m3u8"), "not yet");
        var sync = new WorkspaceSync(_store, _workspace.Path);

        Assert.Equal(3, await sync.PublishAsync(VideoId, "hls", CancellationToken.None));
        Assert.Equal("segment zero", await ReadAsync(StoreKeys.Media(VideoId, "hls/360p/c00000_000.m4s")));
        Assert.Null(await _store.StatAsync(StoreKeys.Media(VideoId, "hls/360p/c00001_000.m4s.part"), CancellationToken.None));
        Assert.Null(await _store.StatAsync(StoreKeys.Media(VideoId, "hls/tmp/stitch-1/scratch.m3u8"), CancellationToken.None));

        // The next stitch adds a segment and grows the playlist: only those two are copied.
        Write(Path.Combine(hls, "360p", "c00001_000.m4s"), "segment one");
        Write(Path.Combine(hls, "360p", "index.m3u8"), "#EXTM3U\n#EXTINF:4,\nc00000_000.m4s\n#EXTINF:4,\nc00001_000.m4s\n");

        Assert.Equal(2, await sync.PublishAsync(VideoId, "hls", CancellationToken.None));
        Assert.Contains("c00001_000.m4s", await ReadAsync(StoreKeys.Media(VideoId, "hls/360p/index.m3u8")), StringComparison.Ordinal);

        // A segment rewritten at another length (a chunk redone) is copied again; a half-written atomic file is not.
        Write(Path.Combine(hls, "360p", "c00000_000.m4s"), "segment zero, redone");
        Write(Path.Combine(hls, "360p", "index.m3u8.0123.tmp"), "half");
        Assert.Equal(2, await sync.PublishAsync(VideoId, "hls", CancellationToken.None));
        Assert.Equal("segment zero, redone", await ReadAsync(StoreKeys.Media(VideoId, "hls/360p/c00000_000.m4s")));
        Assert.Equal(0, await sync.PublishAsync(VideoId, "thumbs", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => sync.PublishAsync(VideoId, "work", CancellationToken.None));
    }

    [Fact]
    public async Task A_finished_job_leaves_nothing_in_the_shared_folder()
    {
        var key = StoreKeys.Source(VideoId, ".mp4");
        await _store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("source")), CancellationToken.None);
        var sync = new WorkspaceSync(_store, _workspace.Path);
        await sync.StageSourceAsync(key, CancellationToken.None);
        Write(Path.Combine(_workspace.Path, "media", VideoId, "work", "chunks", "c00000.mp4"), "chunk");
        Write(Path.Combine(_workspace.Path, "media", VideoId, "hls", "master.m3u8"), "#EXTM3U");

        sync.CleanUp(VideoId, key);
        sync.CleanUp(VideoId, key);

        Assert.False(Directory.Exists(Path.Combine(_workspace.Path, "media", VideoId)));
        Assert.False(Directory.Exists(Path.Combine(_workspace.Path, "sources", VideoId)));
        Assert.NotNull(await _store.StatAsync(key, CancellationToken.None));
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private async Task<string> ReadAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key, 0, null, CancellationToken.None);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
