using System.Security.Cryptography;

namespace Netflix.Core.Uploads;

/// <summary>
/// Passes a stream through while hashing it (SHA-256) and counting bytes, ending it after <paramref name="limit"/>
/// bytes so no consumer ever sees more. <see cref="HasMoreAsync"/> tells whether the source had more.
/// </summary>
public sealed class HashingReadStream(Stream inner, long limit) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    /// <summary>Whether the source goes on past the limit; reads (and drops) at most one byte to find out.</summary>
    public async Task<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        if (BytesRead < limit)
        {
            return false;
        }

        var probe = new byte[1];
        return await inner.ReadAsync(probe, cancellationToken) > 0;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public byte[] Hash() => _hash.GetCurrentHash();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Cap(buffer.Length)]);
        Account(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Cap(buffer.Length)], cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

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
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Cap(int requested) => (int)Math.Min(requested, Math.Max(0, limit - BytesRead));

    private void Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return;
        }

        BytesRead += data.Length;
        _hash.AppendData(data);
    }
}
