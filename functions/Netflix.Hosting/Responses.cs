using Netflix.Core.Search;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Hosting;

public sealed record ProgressResponse(string Stage, int Done, int Total, bool Playable);

public sealed record FailureResponse(string Code, string Reason);

public sealed record RenditionResponse(string Name, int Width, int Height, int BitrateKbps, string Codec);

/// <summary>A video as the API shows it.</summary>
public sealed record VideoResponse(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> Tags,
    double? Duration,
    string? Rating,
    string UploadedBy,
    string Status,
    ProgressResponse? Progress,
    FailureResponse? Failure,
    string? ThumbnailUrl,
    IReadOnlyList<RenditionResponse> Renditions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static VideoResponse From(Video video, string? thumbnailUrl) => new(
        video.Id,
        video.Title,
        video.Summary,
        video.Tags,
        video.Duration?.TotalSeconds,
        video.Rating,
        video.UploadedBy,
        video.Status.ToString().ToLowerInvariant(),
        video.Progress is { } p ? new ProgressResponse(p.Stage, p.Done, p.Total, video.IsPlayable) : null,
        video.FailureCode is null ? null : new FailureResponse(video.FailureCode, video.FailureReason ?? string.Empty),
        thumbnailUrl,
        video.Renditions.Select(r => new RenditionResponse(r.Name, r.Width, r.Height, r.BitrateKbps, r.Codec)).ToList(),
        video.CreatedAt,
        video.UpdatedAt);
}

public sealed record VideoListResponse(IReadOnlyList<VideoResponse> Items, string? Next);

/// <summary>Create an upload session. "description" is accepted for "summary", as in the seed's API; "sha256" is the whole file's, in hex.</summary>
public sealed record CreateUploadBody(
    string? Title, string? Summary, string? Description, IReadOnlyList<string>? Tags, string? Rating, string? FileName, long? Size, string? Sha256)
{
    public CreateUploadRequest ToRequest() => new(Title, Summary ?? Description, Tags, Rating, FileName, Size ?? 0, Sha256);
}

/// <summary>The optional body of a completion: the whole file's SHA-256, replacing the one declared at creation.</summary>
public sealed record CompleteUploadBody(string? Sha256);

public sealed record UploadResponse(
    string UploadId,
    string VideoId,
    string State,
    long Size,
    int ChunkSize,
    int ChunkCount,
    IReadOnlyList<int> Received,
    IReadOnlyList<ChunkRange> Missing,
    int MissingCount,
    string? Sha256,
    DateTimeOffset ExpiresAt)
{
    public static UploadResponse From(UploadStatus status) => new(
        status.UploadId,
        status.VideoId,
        status.State.ToString().ToLowerInvariant(),
        status.Size,
        status.ChunkSize,
        status.ChunkCount,
        status.Received,
        status.Missing,
        status.MissingCount,
        status.Sha256,
        status.ExpiresAt);
}

public sealed record ChunkResponse(int Index, long Size, string Sha256);

public sealed record PositionBody(double? Position);

public sealed record PositionResponse(string VideoId, double Position, DateTimeOffset? UpdatedAt)
{
    /// <summary>A position never saved has no time.</summary>
    public static PositionResponse From(WatchPosition position)
        => new(position.VideoId, position.Position.TotalSeconds, position.UpdatedAt == DateTimeOffset.MinValue ? null : position.UpdatedAt);
}

public sealed record AvailabilityBody(IReadOnlyList<string>? Allowed, IReadOnlyList<string>? Blocked)
{
    public static AvailabilityBody From(Video video) => new(video.AllowedCountries, video.BlockedCountries);
}

public sealed record SearchHitResponse(string Id, string Title, IReadOnlyList<string> Tags, double? Duration, double Score, string? ThumbnailUrl);

public sealed record SearchResponse(IReadOnlyList<SearchHitResponse> Items, long Total, string? Next)
{
    public static SearchResponse From(SearchPage page, Func<string, string?> posterOf) => new(
        page.Hits.Select(h => new SearchHitResponse(h.VideoId, h.Title, h.Tags, h.Duration?.TotalSeconds, h.Score, posterOf(h.VideoId))).ToList(),
        page.Total,
        page.NextPageToken);
}

public sealed record HealthCheckResponse(string Status, string? Description);

/// <summary>Readiness or liveness: the overall status and each check's, by name.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);
