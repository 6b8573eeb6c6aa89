namespace Netflix.Core.Uploads;

public enum UploadState
{
    Open,
    Completed,
    Aborted,
}

/// <summary>A resumable upload: the file arrives as numbered chunks of <see cref="ChunkSize"/> bytes (the last may be shorter).</summary>
public sealed record UploadSession
{
    public required string Id { get; init; }

    public required string VideoId { get; init; }

    public required string FileName { get; init; }

    public required long Size { get; init; }

    public required int ChunkSize { get; init; }

    public required string CreatedBy { get; init; }

    public UploadState State { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The whole file's SHA-256 as the client declared it (lower-case hex), checked at completion; null when none was given.</summary>
    public string? Sha256 { get; init; }

    public string ETag { get; init; } = string.Empty;

    public int ChunkCount => (int)((Size + ChunkSize - 1) / ChunkSize);

    /// <summary>How long chunk <paramref name="index"/> must be.</summary>
    public long ChunkLength(int index) => index < ChunkCount - 1 ? ChunkSize : Size - ((long)ChunkSize * (ChunkCount - 1));
}

/// <param name="Sha256">Lower-case hex digest of the chunk's bytes, as verified on arrival.</param>
public sealed record UploadedChunk(int Index, long Size, string Sha256);
