namespace Netflix.Core.Uploads;

/// <summary>Limits and sizes for uploads. Bound from the "Uploads" configuration section.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Bytes per chunk; far under the 100 MB request limit of Azure Functions.</summary>
    public int ChunkSize { get; set; } = 8 * 1024 * 1024;

    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024 * 1024;

    /// <summary>The one-shot form is for small files; bigger ones use the resumable protocol.</summary>
    public long MaxOneShotBytes { get; set; } = 512L * 1024 * 1024;

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(48);

    public int MaxOpenSessionsPerUser { get; set; } = 20;
}

/// <param name="Sha256">The whole file's SHA-256 in hex, optional; the upload completes only if the chunks join into exactly that file.</param>
public sealed record CreateUploadRequest(string? Title, string? Summary, IReadOnlyList<string>? Tags, string? Rating, string? FileName, long Size, string? Sha256 = null);

public sealed record UploadStatus(
    string UploadId,
    string VideoId,
    UploadState State,
    long Size,
    int ChunkSize,
    int ChunkCount,
    IReadOnlyList<int> Received,
    IReadOnlyList<ChunkRange> Missing,
    int MissingCount,
    string? Sha256,
    DateTimeOffset ExpiresAt);
