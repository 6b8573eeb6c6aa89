namespace Netflix.Core.Videos;

public enum VideoStatus
{
    /// <summary>An upload session is open; the source is arriving.</summary>
    Uploading,

    /// <summary>The source is complete and stored; the pipeline has not picked it up yet.</summary>
    Uploaded,

    Processing,

    Ready,

    /// <summary>The pipeline gave up, with a reason. The source is kept and the video can be reprocessed.</summary>
    Failed,
}

/// <param name="Codec">RFC 6381 codec string, e.g. "avc1.64001f".</param>
public sealed record RenditionInfo(string Name, int Width, int Height, int BitrateKbps, string Codec);

/// <summary>Where the pipeline is: its stage and chunks done of total; <paramref name="Playable"/> once the first chunks are published.</summary>
public sealed record VideoProgress(string Stage, int Done, int Total, bool Playable);

/// <summary>A video's metadata as the catalog holds it.</summary>
public sealed record Video
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Summary { get; init; } = string.Empty;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Maturity rating as given by the content team, e.g. "PG-13"; optional.</summary>
    public string? Rating { get; init; }

    /// <summary>Id of the admin who uploaded it.</summary>
    public required string UploadedBy { get; init; }

    public VideoStatus Status { get; init; }

    public string? FailureCode { get; init; }

    public string? FailureReason { get; init; }

    public VideoProgress? Progress { get; init; }

    public TimeSpan? Duration { get; init; }

    public IReadOnlyList<RenditionInfo> Renditions { get; init; } = [];

    /// <summary>Store key of the original upload, kept forever.</summary>
    public string? SourceKey { get; init; }

    /// <summary>The uploader's file name, cleaned of paths and control characters; informational only.</summary>
    public string? SourceFileName { get; init; }

    public long? SourceBytes { get; init; }

    public bool HasThumbnails { get; init; }

    /// <summary>Where the video may be watched: ISO 3166-1 alpha-2 codes; empty means everywhere not blocked.</summary>
    public IReadOnlyList<string> AllowedCountries { get; init; } = [];

    /// <summary>Where it may not be watched, whatever <see cref="AllowedCountries"/> says.</summary>
    public IReadOnlyList<string> BlockedCountries { get; init; } = [];

    /// <summary>How many times the pipeline has been started for this video; names each run.</summary>
    public int Attempt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Version tag for optimistic concurrency, set by the catalog.</summary>
    public string ETag { get; init; } = string.Empty;

    public bool IsPlayable => Status == VideoStatus.Ready || (Status == VideoStatus.Processing && Progress?.Playable == true);
}
