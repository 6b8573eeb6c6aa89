using Netflix.Core.Storage;

namespace Netflix.Local.Storage;

/// <summary>
/// The media store as files under one folder. An upload's chunks are written straight into one partial file at their
/// offsets (so committing is a rename, not a copy) and flushed to disk before a chunk is acknowledged.
/// </summary>
public sealed class FileMediaStore : IMediaStore
{
    private const int BufferSize = 1024 * 1024;

    public FileMediaStore(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public async Task StageChunkAsync(string uploadId, int index, long offset, Stream content, CancellationToken cancellationToken)
    {
        var partial = PartialPath(uploadId);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await using var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, BufferSize, FileOptions.Asynchronous);
        file.Position = offset;
        await content.CopyToAsync(file, BufferSize, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);

        // The chunk's bytes are on disk: mark it, so a commit can tell a written chunk from a hole of zeros.
        await File.WriteAllBytesAsync(MarkerPath(uploadId, index), [], cancellationToken);
    }

    public Task CommitAsync(string uploadId, int chunkCount, long totalLength, string key, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var partial = PartialPath(uploadId);
        if (!File.Exists(partial))
        {
            // Committed before (a retried completion): the object is there with the expected length. A crash between
            // the rename and the clean-up below leaves the staging folder behind; the retry removes it.
            if (!File.Exists(target) || new FileInfo(target).Length != totalLength)
            {
                throw new InvalidOperationException($"Upload {uploadId} has nothing staged to commit.");
            }

            return DiscardUploadAsync(uploadId, cancellationToken);
        }

        if (Enumerable.Range(0, chunkCount).FirstOrDefault(i => !File.Exists(MarkerPath(uploadId, i)), -1) is var missing and >= 0)
        {
            throw new InvalidOperationException($"Upload {uploadId} cannot be committed: chunk {missing} is missing.");
        }

        using (var file = new FileStream(partial, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            // A retried last chunk can leave bytes beyond the end only if the size changed; cut to the declared length.
            if (file.Length != totalLength)
            {
                file.SetLength(totalLength);
            }

            file.Flush(flushToDisk: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(partial, target, overwrite: true);
        Directory.Delete(Path.GetDirectoryName(partial)!, recursive: true);
        return Task.CompletedTask;
    }

    public async Task<byte[]> HashStagedAsync(string uploadId, int chunkCount, long totalLength, string key, CancellationToken cancellationToken)
    {
        var partial = PartialPath(uploadId);
        if (!File.Exists(partial))
        {
            var target = PathOf(key);
            if (!File.Exists(target) || new FileInfo(target).Length != totalLength)
            {
                throw new InvalidOperationException($"Upload {uploadId} has nothing staged to hash.");
            }

            partial = target;
        }
        else if (Enumerable.Range(0, chunkCount).FirstOrDefault(i => !File.Exists(MarkerPath(uploadId, i)), -1) is var missing and >= 0)
        {
            throw new InvalidOperationException($"Upload {uploadId} cannot be hashed: chunk {missing} is missing.");
        }

        // Only the declared length: that is what a commit keeps.
        await using var bytes = new BoundedReadStream(
            new FileStream(partial, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan), totalLength);
        return await System.Security.Cryptography.SHA256.HashDataAsync(bytes, cancellationToken);
    }

    public Task DiscardUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(PartialPath(uploadId))!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists
            ? new StoredObject(key, info.Length, info.LastWriteTimeUtc, $"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"")
            : null);
    }

    public Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Position = offset;
        return Task.FromResult<Stream>(length is { } count ? new BoundedReadStream(file, count) : file);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException("A prefix ends with '/'.", nameof(prefix));
        }

        var folder = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The file behind a key, for serving it without copying through a stream; keys are checked first.</summary>
    public string PathOf(string key)
    {
        if (!StoreKeys.IsSafe(key))
        {
            throw new ArgumentException($"'{key}' is not a valid storage key.", nameof(key));
        }

        return Path.Combine(Root, key);
    }

    private string PartialPath(string uploadId) => PathOf($"staging/{uploadId}/data.partial");

    private string MarkerPath(string uploadId, int index) => PathOf($"staging/{uploadId}/chunk-{index}.done");
}

/// <summary>Reads at most a given number of bytes from a stream it owns.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit) : Stream
{
    private readonly long _limit = limit;
    private long _remaining = limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _limit;

    public override long Position
    {
        get => _limit - _remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
