using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Netflix.Core.Storage;

namespace Netflix.Azure.Storage;

/// <summary>
/// The media store on Blob Storage; see <see cref="BlobStoreOptions"/> for where each key's blob lives.
/// <para>
/// Uploads. Blocks belong to one blob and the key an upload commits to is known only at commit, so chunks are staged
/// as uncommitted blocks of a staging blob, "staging/{uploadId}" in the uploads container. Block ids are fixed-width
/// (chunk index, byte offset) pairs (<see cref="BlockId"/>), so staging a chunk again replaces its blocks. Uncommitted
/// blocks are invisible, so nothing of an upload shows before the commit. Commit puts the block list of chunks
/// 0..n-1, in file order, on the staging blob, then copies it server-side to the key (a same-account copy, which
/// the service completes without moving the bytes through the app), checks the copy and deletes the staging blob.
/// The original thus appears at the key whole, in one step, which is where Event Grid's BlobCreated fires (the
/// subscription filters on "sources/", so the staging blob's own BlobCreated starts nothing). A retried commit
/// finds the staging blob gone and the object at the key with the expected length, and succeeds, as the file store
/// does; a commit interrupted between the steps redoes them (a second BlobCreated names the same ingest run).
/// Chunk bodies have no length up front and Put Block needs one, so each chunk is staged in blocks of at most
/// <see cref="BlobStoreOptions.BlockSize"/>, read one buffer at a time; an empty chunk stages nothing. Hashing an
/// upload (to check the whole-file digest a client declared) puts the block list on the staging blob and reads it
/// back, before any copy, so a mismatch leaves the key untouched and every chunk staged.
/// </para>
/// <para>
/// Discarding commits an empty block list on the staging blob, which drops every uncommitted block at once, then
/// deletes it. Blocks of an upload never committed nor discarded are garbage-collected by the service after 7 days.
/// </para>
/// </summary>
public sealed class BlobMediaStore : IMediaStore
{
    private readonly BlobStoreOptions _options;

    public BlobMediaStore(BlobServiceClient service, BlobStoreOptions options)
    {
        var problems = BlobStoreOptionsValidator.LayoutProblems(options).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        Uploads = service.GetBlobContainerClient(options.UploadsContainer);
        Media = service.GetBlobContainerClient(options.MediaContainer);
    }

    public BlobContainerClient Uploads { get; }

    public BlobContainerClient Media { get; }

    /// <summary>Creates both containers (private) unless they exist; call once at start.</summary>
    public async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        await Uploads.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Media.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
    }

    /// <summary>The blob behind a key: the container by the key's first folder, the key itself as the blob name.</summary>
    public BlobClient BlobFor(string key)
    {
        if (!StoreKeys.IsSafe(key) || $"{key}/".StartsWith(_options.StagingPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid storage key.", nameof(key));
        }

        return ContainerFor(key).GetBlobClient(key);
    }

    /// <summary>The blob an upload's chunks are staged on until commit.</summary>
    public BlockBlobClient StagingBlobFor(string uploadId)
    {
        if (!StoreKeys.IsSafe(uploadId) || uploadId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{uploadId}' is not a valid upload id.", nameof(uploadId));
        }

        return Uploads.GetBlockBlobClient(_options.StagingPrefix + uploadId);
    }

    public async Task StageChunkAsync(string uploadId, int index, long offset, Stream content, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var staging = StagingBlobFor(uploadId);

        // Put Block needs each block's length before its body: read up to one block at a time, stage it, go on.
        var buffer = ArrayPool<byte>.Shared.Rent(_options.BlockSize);
        try
        {
            var position = offset;
            while (true)
            {
                var filled = await FillAsync(content, buffer.AsMemory(0, _options.BlockSize), cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                if (!BlockId.Fits(index, position))
                {
                    throw new ArgumentOutOfRangeException(nameof(index), "The chunk index or offset is beyond what a block id can hold.");
                }

                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await staging.StageBlockAsync(new BlockId(index, position).Encode(), block, cancellationToken: cancellationToken);
                }

                position += filled;
                if (filled < _options.BlockSize)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task CommitAsync(string uploadId, int chunkCount, long totalLength, string key, CancellationToken cancellationToken)
    {
        var target = BlobFor(key);
        var staging = StagingBlobFor(uploadId);
        if (!await JoinStagedAsync(staging, uploadId, chunkCount, totalLength, key, cancellationToken))
        {
            // Committed before (a retried completion): the object is there with the expected length.
            if (await StatAsync(key, cancellationToken) is { } existing && existing.Length == totalLength)
            {
                return;
            }

            throw new InvalidOperationException($"Upload {uploadId} has nothing staged to commit.");
        }

        var copy = await target.StartCopyFromUriAsync(staging.Uri, options: null, cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
        BlobProperties copied = await target.GetPropertiesAsync(cancellationToken: cancellationToken);
        if (copied.CopyStatus != CopyStatus.Success || copied.ContentLength != totalLength)
        {
            throw new InvalidOperationException(
                $"Copying upload {uploadId} to {key} ended {copied.CopyStatus} with {copied.ContentLength} of {totalLength} bytes: {copied.CopyStatusDescription}");
        }

        await staging.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Reads the staging blob with the chunks' block list put on it (which a later commit or discard takes as it
    /// finds it), so the bytes hashed are the bytes a commit copies; after a commit, reads the object at the key.
    /// </summary>
    public async Task<byte[]> HashStagedAsync(string uploadId, int chunkCount, long totalLength, string key, CancellationToken cancellationToken)
    {
        var staging = StagingBlobFor(uploadId);
        BlobBaseClient source = await JoinStagedAsync(staging, uploadId, chunkCount, totalLength, key, cancellationToken) ? staging : BlobFor(key);
        try
        {
            await using var content = await source.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
            if (content.Length != totalLength)
            {
                throw new InvalidOperationException($"Upload {uploadId} has {content.Length} bytes to hash, not {totalLength}.");
            }

            return await SHA256.HashDataAsync(content, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"Upload {uploadId} has nothing staged to hash.", e);
        }
    }

    /// <summary>
    /// Puts the block list of chunks 0..count-1, in file order, on the staging blob; false when there is no staging
    /// blob (the upload was committed). A join interrupted after the list was put finds the blocks committed: they
    /// count as well.
    /// </summary>
    private static async Task<bool> JoinStagedAsync(BlockBlobClient staging, string uploadId, int chunkCount, long totalLength, string key, CancellationToken cancellationToken)
    {
        BlockList blocks;
        try
        {
            blocks = (await staging.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }

        var uncommitted = blocks.UncommittedBlocks.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var staged = blocks.CommittedBlocks.Where(c => !uncommitted.Contains(c.Name))
            .Concat(blocks.UncommittedBlocks)
            .Select(b => new StagedBlock(b.Name, b.SizeLong));
        var plan = BlockPlan.Build(staged, chunkCount, totalLength, uploadId);
        await staging.CommitBlockListAsync(
            plan,
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = MediaTypes.For(key) } },
            cancellationToken);
        return true;
    }

    public async Task DiscardUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var staging = StagingBlobFor(uploadId);
        try
        {
            // Putting an empty block list drops every uncommitted block now rather than in 7 days.
            await staging.CommitBlockListAsync([], cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return;
        }

        await staging.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    public async Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobFor(key);
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return new StoredObject(key, properties.ContentLength, properties.LastModified, properties.ETag.ToString("H"));
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(requested, nameof(length));
        }

        var blob = BlobFor(key);
        if (length == 0)
        {
            return await StatAsync(key, cancellationToken) is null ? throw Missing(key) : new MemoryStream([], writable: false);
        }

        try
        {
            var range = offset == 0 && length is null ? default : new HttpRange(offset, length);
            BlobDownloadStreamingResult download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = range }, cancellationToken);
            return download.Content;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw Missing(key, e);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The range starts at or past the end: nothing to read, as with a file.
            return new MemoryStream([], writable: false);
        }
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var blob = BlobFor(key);
        await blob.UploadAsync(
            content,
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = MediaTypes.For(key) },
                TransferOptions = new StorageTransferOptions
                {
                    InitialTransferSize = _options.BlockSize,
                    MaximumTransferSize = _options.BlockSize,
                    MaximumConcurrency = 2,
                },
            },
            cancellationToken);
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException("A prefix ends with '/'.", nameof(prefix));
        }

        _ = BlobFor(prefix[..^1]);
        var container = ContainerFor(prefix);
        await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: 1000))
        {
            await Parallel.ForEachAsync(
                page.Values,
                new ParallelOptions { MaxDegreeOfParallelism = _options.DeleteConcurrency, CancellationToken = cancellationToken },
                async (item, ct) => await container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct));
        }
    }

    private BlobContainerClient ContainerFor(string key) => key.StartsWith(BlobKeys.MediaPrefix, StringComparison.Ordinal) ? Media : Uploads;

    private static FileNotFoundException Missing(string key, Exception? inner = null) => new($"No object has the key '{key}'.", key, inner);

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends.</summary>
    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
