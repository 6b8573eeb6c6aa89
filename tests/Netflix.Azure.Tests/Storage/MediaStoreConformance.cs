using System.Security.Cryptography;
using Netflix.Core.Storage;

namespace Netflix.Azure.Tests.Storage;

/// <summary>
/// The <see cref="IMediaStore"/> contract, run against every edition's store: a concrete class per store supplies a
/// fresh, empty one for each test.
/// </summary>
public abstract class MediaStoreConformance : IAsyncLifetime
{
    private const int ChunkSize = 64 * 1024;

    private readonly string _videoId = "vid" + Guid.NewGuid().ToString("N")[..12];

    protected IMediaStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DeleteStoreAsync();

    [Fact]
    public async Task Chunks_staged_in_any_order_commit_to_the_exact_bytes()
    {
        var data = Bytes(ChunkSize * 3 + 1234, seed: 1);
        var uploadId = NewUploadId();

        foreach (var index in new[] { 2, 0, 3, 1 })
        {
            await StageAsync(uploadId, index, data);
        }

        await Store.CommitAsync(uploadId, ChunkCount(data), data.Length, SourceKey, CancellationToken.None);

        Assert.Equal(data, await ReadAsync(SourceKey));
        Assert.Equal(data.Length, (await Store.StatAsync(SourceKey, CancellationToken.None))!.Length);
    }

    [Fact]
    public async Task Staging_a_chunk_again_replaces_it()
    {
        var data = Bytes(ChunkSize * 2 + 10, seed: 2);
        var uploadId = NewUploadId();
        var wrong = Bytes(ChunkSize, seed: 99);

        await StageAsync(uploadId, 0, data);
        await Store.StageChunkAsync(uploadId, 1, ChunkSize, new ForwardOnlyStream(wrong), CancellationToken.None);
        await StageAsync(uploadId, 2, data);
        await StageAsync(uploadId, 1, data);
        await Store.CommitAsync(uploadId, 3, data.Length, SourceKey, CancellationToken.None);

        Assert.Equal(data, await ReadAsync(SourceKey));
    }

    [Fact]
    public async Task Chunks_staged_concurrently_commit_to_the_exact_bytes()
    {
        var data = Bytes(ChunkSize * 7 + 77, seed: 3);
        var uploadId = NewUploadId();

        await Task.WhenAll(Enumerable.Range(0, ChunkCount(data)).Select(index => StageAsync(uploadId, index, data)));
        await Store.CommitAsync(uploadId, ChunkCount(data), data.Length, SourceKey, CancellationToken.None);

        Assert.Equal(data, await ReadAsync(SourceKey));
    }

    [Fact]
    public async Task Hashing_the_staged_chunks_gives_the_files_digest_and_leaves_them_to_commit()
    {
        var data = Bytes(ChunkSize * 2 + 321, seed: 5);
        var uploadId = NewUploadId();
        await StageAllAsync(uploadId, data);

        Assert.Equal(SHA256.HashData(data), await Store.HashStagedAsync(uploadId, 3, data.Length, SourceKey, CancellationToken.None));
        Assert.Null(await Store.StatAsync(SourceKey, CancellationToken.None));

        // Hashed twice, then committed: the staging is as it was; after the commit the hash is the object's.
        Assert.Equal(SHA256.HashData(data), await Store.HashStagedAsync(uploadId, 3, data.Length, SourceKey, CancellationToken.None));
        await Store.CommitAsync(uploadId, 3, data.Length, SourceKey, CancellationToken.None);
        Assert.Equal(data, await ReadAsync(SourceKey));
        Assert.Equal(SHA256.HashData(data), await Store.HashStagedAsync(uploadId, 3, data.Length, SourceKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_commit_after_success_is_harmless()
    {
        var data = Bytes(ChunkSize + 5, seed: 4);
        var uploadId = NewUploadId();
        await StageAllAsync(uploadId, data);

        await Store.CommitAsync(uploadId, 2, data.Length, SourceKey, CancellationToken.None);
        await Store.CommitAsync(uploadId, 2, data.Length, SourceKey, CancellationToken.None);

        Assert.Equal(data, await ReadAsync(SourceKey));
    }

    [Fact]
    public async Task Committing_an_upload_with_nothing_staged_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.CommitAsync(NewUploadId(), 1, 10, SourceKey, CancellationToken.None));

        Assert.Null(await Store.StatAsync(SourceKey, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_is_visible_at_the_key_before_commit()
    {
        var data = Bytes(ChunkSize * 2, seed: 5);
        var uploadId = NewUploadId();

        await StageAllAsync(uploadId, data);

        Assert.Null(await Store.StatAsync(SourceKey, CancellationToken.None));
        await Assert.ThrowsAnyAsync<IOException>(() => Store.OpenReadAsync(SourceKey, 0, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_discarded_upload_cannot_be_committed()
    {
        var data = Bytes(ChunkSize + 1, seed: 6);
        var uploadId = NewUploadId();
        await StageAllAsync(uploadId, data);

        await Store.DiscardUploadAsync(uploadId, CancellationToken.None);
        await Store.DiscardUploadAsync(uploadId, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.CommitAsync(uploadId, 2, data.Length, SourceKey, CancellationToken.None));
        Assert.Null(await Store.StatAsync(SourceKey, CancellationToken.None));
    }

    [Fact]
    public async Task Discarding_an_unknown_upload_is_harmless()
        => await Store.DiscardUploadAsync(NewUploadId(), CancellationToken.None);

    [Theory]
    [InlineData(0, 100L)]
    [InlineData(4000, 1000L)]
    [InlineData(9000, 1000L)]
    [InlineData(9500, null)]
    [InlineData(0, null)]
    [InlineData(9999, 1L)]
    public async Task Ranged_reads_return_exactly_the_bytes_asked_for(int offset, long? length)
    {
        var data = Bytes(10_000, seed: 7);
        var key = MediaKey("hls/720p/seg_00001.m4s");
        await Store.PutAsync(key, new MemoryStream(data), CancellationToken.None);

        var expected = data.AsSpan(offset, (int)(length ?? data.Length - offset)).ToArray();
        Assert.Equal(expected, await ReadAsync(key, offset, length));
    }

    [Theory]
    [InlineData(9000, 5000L)]
    [InlineData(10_000, null)]
    [InlineData(10_000, 10L)]
    [InlineData(12_000, null)]
    [InlineData(500, 0L)]
    public async Task Reads_past_the_end_stop_at_the_end(int offset, long? length)
    {
        var data = Bytes(10_000, seed: 8);
        var key = MediaKey("thumbs/poster.jpg");
        await Store.PutAsync(key, new MemoryStream(data), CancellationToken.None);

        var end = length is { } count ? Math.Min(data.Length, offset + count) : data.Length;
        var expected = offset >= data.Length ? [] : data[offset..(int)end];
        Assert.Equal(expected, await ReadAsync(key, offset, length));
    }

    [Fact]
    public async Task Reading_a_missing_key_fails()
    {
        await Assert.ThrowsAnyAsync<IOException>(() => Store.OpenReadAsync(MediaKey("hls/none.m4s"), 0, null, CancellationToken.None));
        await Assert.ThrowsAnyAsync<IOException>(() => Store.OpenReadAsync(MediaKey("hls/none.m4s"), 10, 5, CancellationToken.None));
    }

    [Fact]
    public async Task Stat_of_a_missing_key_is_null()
        => Assert.Null(await Store.StatAsync(MediaKey("hls/master.m3u8"), CancellationToken.None));

    [Fact]
    public async Task Put_overwrites_the_whole_object_and_changes_its_etag()
    {
        var key = MediaKey("hls/master.m3u8");
        var first = Bytes(5000, seed: 9);
        var second = Bytes(1200, seed: 10);

        await Store.PutAsync(key, new MemoryStream(first), CancellationToken.None);
        var before = await Store.StatAsync(key, CancellationToken.None);
        await Store.PutAsync(key, new ForwardOnlyStream(second), CancellationToken.None);
        var after = await Store.StatAsync(key, CancellationToken.None);

        Assert.Equal(second, await ReadAsync(key));
        Assert.Equal((key, 5000L, 1200L), (after!.Key, before!.Length, after.Length));
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Delete_prefix_removes_only_that_prefix()
    {
        var sibling = _videoId + "0";
        string[] doomed = [MediaKey("work/chunk_0.mp4"), MediaKey("work/out/seg_1.m4s")];
        string[] kept = [MediaKey("hls/720p/seg_1.m4s"), StoreKeys.Media(sibling, "work/chunk_0.mp4"), StoreKeys.Source(_videoId, ".mp4")];
        foreach (var key in doomed.Concat(kept))
        {
            await Store.PutAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None);
        }

        await Store.DeletePrefixAsync(StoreKeys.WorkPrefix(_videoId), CancellationToken.None);
        await Store.DeletePrefixAsync(StoreKeys.WorkPrefix(_videoId), CancellationToken.None);

        foreach (var key in doomed)
        {
            Assert.Null(await Store.StatAsync(key, CancellationToken.None));
        }

        foreach (var key in kept)
        {
            Assert.NotNull(await Store.StatAsync(key, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Delete_prefix_of_a_video_removes_all_its_media_and_keeps_its_source()
    {
        string[] keys = [MediaKey("hls/master.m3u8"), MediaKey("hls/720p/index.m3u8"), MediaKey("thumbs/poster.jpg")];
        foreach (var key in keys.Append(SourceKey))
        {
            await Store.PutAsync(key, new MemoryStream([7]), CancellationToken.None);
        }

        await Store.DeletePrefixAsync(StoreKeys.MediaPrefix(_videoId), CancellationToken.None);

        foreach (var key in keys)
        {
            Assert.Null(await Store.StatAsync(key, CancellationToken.None));
        }

        Assert.NotNull(await Store.StatAsync(SourceKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_prefix_without_a_trailing_slash_is_refused()
        => await Assert.ThrowsAsync<ArgumentException>(() => Store.DeletePrefixAsync($"media/{_videoId}", CancellationToken.None));

    [Theory]
    [InlineData("media/../sources/x.mp4")]
    [InlineData("/media/x.mp4")]
    [InlineData("media//x.mp4")]
    [InlineData("media/x y.mp4")]
    public async Task Keys_that_are_not_plain_paths_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StatAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), CancellationToken.None));
    }

    [Fact]
    public async Task A_large_chunk_is_read_from_a_forward_only_body()
    {
        var large = Bytes(8 * 1024 * 1024 + 3, seed: 11);
        var tail = Bytes(100_000, seed: 12);
        var uploadId = NewUploadId();

        await Store.StageChunkAsync(uploadId, 1, large.Length, new ForwardOnlyStream(tail), CancellationToken.None);
        await Store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(large), CancellationToken.None);
        await Store.CommitAsync(uploadId, 2, large.Length + tail.Length, SourceKey, CancellationToken.None);

        await using var read = await Store.OpenReadAsync(SourceKey, 0, null, CancellationToken.None);
        var hash = await SHA256.HashDataAsync(read);
        Assert.Equal(SHA256.HashData([.. large, .. tail]), hash);
    }

    [Theory]
    [InlineData(new[] { 0, 2 }, 3)]
    [InlineData(new[] { 0, 1 }, 3)]
    [InlineData(new[] { 1, 2 }, 3)]
    public async Task A_commit_with_a_chunk_missing_fails_and_commits_nothing(int[] staged, int count)
    {
        const int Chunk = 1000;
        var uploadId = NewUploadId();
        foreach (var index in staged)
        {
            await Store.StageChunkAsync(uploadId, index, index * Chunk, new MemoryStream(Bytes(Chunk, index)), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.CommitAsync(uploadId, count, count * Chunk, SourceKey, CancellationToken.None));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.StatAsync(SourceKey, CancellationToken.None));
    }

    protected abstract Task<IMediaStore> CreateStoreAsync();

    protected virtual Task DeleteStoreAsync() => Task.CompletedTask;

    protected string SourceKey => StoreKeys.Source(_videoId, ".mp4");

    protected string MediaKey(string path) => StoreKeys.Media(_videoId, path);

    protected static string NewUploadId() => "up" + Guid.NewGuid().ToString("N")[..16];

    protected static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    protected static int ChunkCount(byte[] data) => (data.Length + ChunkSize - 1) / ChunkSize;

    /// <summary>Stages chunk <paramref name="index"/> of <paramref name="data"/> the way request bodies arrive: forward-only.</summary>
    protected Task StageAsync(string uploadId, int index, byte[] data)
    {
        var offset = index * ChunkSize;
        var slice = data.AsMemory(offset, Math.Min(ChunkSize, data.Length - offset)).ToArray();
        return Store.StageChunkAsync(uploadId, index, offset, new ForwardOnlyStream(slice), CancellationToken.None);
    }

    protected async Task StageAllAsync(string uploadId, byte[] data)
    {
        for (var index = 0; index < ChunkCount(data); index++)
        {
            await StageAsync(uploadId, index, data);
        }
    }

    protected async Task<byte[]> ReadAsync(string key, long offset = 0, long? length = null)
    {
        await using var stream = await Store.OpenReadAsync(key, offset, length, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>A request body as the server sees it: readable once, front to back, with no length.</summary>
public sealed class ForwardOnlyStream(byte[] data) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Like a socket: at most 16 KiB per read.
        var count = Math.Min(Math.Min(buffer.Length, 16 * 1024), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
