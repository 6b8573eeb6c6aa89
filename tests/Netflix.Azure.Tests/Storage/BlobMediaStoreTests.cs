using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Storage;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Storage;

/// <summary>How the blob store lays keys and uploads out in Blob Storage, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobMediaStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int BlockSize = 64 * 1024;

    private readonly string _videoId = "vid" + Guid.NewGuid().ToString("N")[..12];
    private BlobMediaStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new BlobMediaStore(azurite.Service, new BlobStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
            BlockSize = BlockSize,
        });
        await _store.EnsureContainersAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.Uploads.DeleteIfExistsAsync();
        await _store.Media.DeleteIfExistsAsync();
    }

    private string SourceKey => StoreKeys.Source(_videoId, ".mp4");

    [Fact]
    public async Task A_committed_upload_is_one_blob_named_by_its_key_in_the_uploads_container_and_its_staging_is_gone()
    {
        var data = Bytes(BlockSize * 2 + 9);
        var uploadId = NewUploadId();
        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(data), CancellationToken.None);

        Assert.Equal([], await NamesAsync(_store.Uploads));
        Assert.Equal([$"staging/{uploadId}"], await NamesAsync(_store.Uploads, BlobStates.Uncommitted));

        await _store.CommitAsync(uploadId, 1, data.Length, SourceKey, CancellationToken.None);

        Assert.Equal([SourceKey], await NamesAsync(_store.Uploads, BlobStates.Uncommitted));
        Assert.Equal([], await NamesAsync(_store.Media));
        BlobProperties source = await _store.Uploads.GetBlobClient(SourceKey).GetPropertiesAsync();
        Assert.Equal((data.Length, "video/mp4"), (source.ContentLength, source.ContentType));
    }

    [Fact]
    public async Task Media_keys_are_blobs_of_the_same_name_in_the_media_container()
    {
        var key = StoreKeys.Media(_videoId, "hls/720p/seg_00001.m4s");

        await _store.PutAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.Equal([key], await NamesAsync(_store.Media));
        Assert.Equal([], await NamesAsync(_store.Uploads));
        BlobProperties properties = await _store.Media.GetBlobClient(key).GetPropertiesAsync();
        Assert.Equal("video/iso.segment", properties.ContentType);
    }

    [Fact]
    public async Task A_chunk_larger_than_a_block_is_staged_in_blocks_of_at_most_the_block_size()
    {
        var uploadId = NewUploadId();

        await _store.StageChunkAsync(uploadId, 3, 3_000_000, new ForwardOnlyStream(Bytes(BlockSize * 2 + 100)), CancellationToken.None);

        BlockList blocks = await _store.StagingBlobFor(uploadId).GetBlockListAsync(BlockListTypes.Uncommitted);
        Assert.Equal([BlockSize, BlockSize, 100L], blocks.UncommittedBlocks.Select(b => b.SizeLong).Order().Reverse());
        Assert.Equal(
            ["0000003-000000003000000", "0000003-000000003065536", "0000003-000000003131072"],
            blocks.UncommittedBlocks.Select(b => Encoding.ASCII.GetString(Convert.FromBase64String(b.Name))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_multi_block_chunk_cut_short_and_sent_again_is_replaced()
    {
        var first = Bytes(BlockSize * 3 + 5, seed: 1);
        var second = Bytes(1000, seed: 2);
        var uploadId = NewUploadId();

        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(first[..(BlockSize + 10)]), CancellationToken.None);
        await _store.StageChunkAsync(uploadId, 1, first.Length, new ForwardOnlyStream(second), CancellationToken.None);
        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(first), CancellationToken.None);
        await _store.CommitAsync(uploadId, 2, first.Length + second.Length, SourceKey, CancellationToken.None);

        Assert.Equal(first.Concat(second).ToArray(), await ReadAsync(SourceKey));
    }

    [Fact]
    public async Task A_commit_declaring_fewer_bytes_than_the_chunks_hold_fails()
    {
        var uploadId = NewUploadId();
        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(Bytes(1000)), CancellationToken.None);
        await _store.StageChunkAsync(uploadId, 1, 1000, new ForwardOnlyStream(Bytes(1000)), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.CommitAsync(uploadId, 2, 1500, SourceKey, CancellationToken.None));
        Assert.Null(await _store.StatAsync(SourceKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_interrupted_after_the_block_list_was_put_completes_when_retried()
    {
        var data = Bytes(BlockSize * 2 + 50);
        var uploadId = NewUploadId();
        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(data), CancellationToken.None);

        // The first attempt's block list went in; the copy to the key never happened.
        var staging = _store.StagingBlobFor(uploadId);
        BlockList blocks = await staging.GetBlockListAsync(BlockListTypes.Uncommitted);
        await staging.CommitBlockListAsync(blocks.UncommittedBlocks.OrderBy(b => Encoding.ASCII.GetString(Convert.FromBase64String(b.Name)), StringComparer.Ordinal).Select(b => b.Name));
        Assert.Null(await _store.StatAsync(SourceKey, CancellationToken.None));

        await _store.CommitAsync(uploadId, 1, data.Length, SourceKey, CancellationToken.None);

        Assert.Equal(data, await ReadAsync(SourceKey));
        Assert.False(await staging.ExistsAsync());
    }

    [Fact]
    public async Task Discarding_drops_the_uncommitted_blocks_at_once()
    {
        var uploadId = NewUploadId();
        await _store.StageChunkAsync(uploadId, 0, 0, new ForwardOnlyStream(Bytes(5000)), CancellationToken.None);

        await _store.DiscardUploadAsync(uploadId, CancellationToken.None);

        Assert.Equal([], await NamesAsync(_store.Uploads, BlobStates.Uncommitted));
    }

    [Fact]
    public async Task Staging_keys_and_unsafe_upload_ids_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("staging/abc", new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeletePrefixAsync("staging/", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StageChunkAsync("../x", 0, 0, new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StageChunkAsync("a/b", 0, 0, new MemoryStream([1]), CancellationToken.None));
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container, BlobStates states = BlobStates.None)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { States = states }))
        {
            names.Add(item.Name);
        }

        return names;
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key, 0, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string NewUploadId() => "up" + Guid.NewGuid().ToString("N")[..16];

    private static byte[] Bytes(int length, int seed = 0)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
