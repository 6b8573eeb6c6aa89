namespace Netflix.Hosting;

/// <summary>The form's file part as it is read, with a broken form (<see cref="OneShotForm.IsBrokenForm"/>) refused as the client's error.</summary>
internal sealed class FormPartStream(Stream part, CancellationToken requestAborted) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return part.Read(buffer, offset, count);
        }
        catch (Exception e) when (OneShotForm.IsBrokenForm(e, requestAborted))
        {
            throw OneShotForm.Broken();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await part.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (OneShotForm.IsBrokenForm(e, requestAborted))
        {
            throw OneShotForm.Broken();
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
