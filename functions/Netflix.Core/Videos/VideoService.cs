using Netflix.Core.Errors;
using Netflix.Core.Ingest;
using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Core.Storage;

namespace Netflix.Core.Videos;

/// <summary>Reading, listing, reprocessing and deleting videos. Viewers only ever see videos they can play.</summary>
public sealed class VideoService(ICatalog catalog, ISearchIndex index, IMediaStore store, IIngestStarter starter, TimeProvider time)
{
    public const int MaxPageSize = 100;

    public Task<Video> GetAsync(string id, bool isAdmin, CancellationToken cancellationToken)
        => VideoAccess.FindAsync(catalog, id, isAdmin, cancellationToken);

    /// <summary>Newest first; viewers see ready videos only, admins may ask for one uploader's videos.</summary>
    public Task<Page<Video>> ListAsync(bool isAdmin, VideoStatus? status, string? uploadedBy, int? pageSize, string? next, CancellationToken cancellationToken)
    {
        var size = pageSize ?? 20;
        if (size is < 1 or > MaxPageSize)
        {
            throw AppException.Invalid("list-page-size-invalid", $"The page size must be between 1 and {MaxPageSize}.");
        }

        if (!isAdmin && status is not null and not VideoStatus.Ready)
        {
            throw new AppException(ErrorKind.Forbidden, "list-status-forbidden", "Viewers can only list ready videos.");
        }

        if (uploadedBy is not null)
        {
            return isAdmin
                ? catalog.ListUploadsAsync(uploadedBy, status, size, next, cancellationToken)
                : throw new AppException(ErrorKind.Forbidden, "list-uploaded-by-forbidden", "Only admins can list videos by uploader.");
        }

        return catalog.ListVideosAsync(isAdmin ? status : VideoStatus.Ready, size, next, cancellationToken);
    }

    /// <summary>Sets where the video may be watched (allow-list, block-list; both empty: everywhere).</summary>
    public Task<Video> SetAvailabilityAsync(string id, IReadOnlyList<string>? allowed, IReadOnlyList<string>? blocked, CancellationToken cancellationToken)
    {
        var allow = GeoAvailability.ParseList(allowed, "allowed");
        var block = GeoAvailability.ParseList(blocked, "blocked");
        return catalog.UpdateVideoAsync(id, video => video with { AllowedCountries = allow, BlockedCountries = block, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>Runs the pipeline again on the kept original of a video that failed.</summary>
    public async Task<Video> ReprocessAsync(string id, CancellationToken cancellationToken)
    {
        var video = await GetAsync(id, isAdmin: true, cancellationToken);
        if (video.Status != VideoStatus.Failed || video.SourceKey is null)
        {
            throw AppException.Conflict("video-not-reprocessable", $"Only a failed video with a complete upload can be reprocessed; this one is {video.Status.ToString().ToLowerInvariant()}.");
        }

        await store.DeletePrefixAsync(StoreKeys.MediaPrefix(video.Id), cancellationToken);
        var restarted = await catalog.UpdateVideoAsync(video.Id, v => v.Status == VideoStatus.Failed
            ? v with
            {
                Status = VideoStatus.Uploaded,
                Attempt = v.Attempt + 1,
                FailureCode = null,
                FailureReason = null,
                Progress = null,
                UpdatedAt = time.GetUtcNow(),
            }
            : throw AppException.Conflict("video-not-reprocessable", "The video changed state; try again."), cancellationToken);
        await starter.StartAsync(new IngestRequest(restarted.Id, restarted.SourceKey!, restarted.Attempt), cancellationToken);
        return restarted;
    }

    /// <summary>
    /// Removes a video from the catalog, the index and the CDN origin. Its original upload stays in storage: nothing an
    /// admin sent is destroyed by a click.
    /// </summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var video = await GetAsync(id, isAdmin: true, cancellationToken);
        if (video.Status is VideoStatus.Processing or VideoStatus.Uploaded)
        {
            throw AppException.Conflict("video-busy", "The video is being processed; delete it when the pipeline has finished.");
        }

        await index.DeleteAsync(video.Id, cancellationToken);
        await store.DeletePrefixAsync(StoreKeys.MediaPrefix(video.Id), cancellationToken);
        await catalog.DeleteVideoAsync(video.Id, cancellationToken);
    }
}
