using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Core.Ingest;

/// <summary>The implementations behind <see cref="IngestActivities"/>; each is safe to run twice.</summary>
public sealed partial class IngestHandlers(ICatalog catalog, ISearchIndex index, IMediaStore store, TimeProvider time)
{
    public ActivityRegistry RegisterWith(ActivityRegistry registry) => registry
        .Register(IngestActivities.MarkProcessing, MarkProcessingAsync)
        .Register(IngestActivities.RecordProgress, RecordProgressAsync)
        .Register(IngestActivities.MarkFailed, MarkFailedAsync)
        .Register(IngestActivities.Publish, PublishAsync);

    public Task<bool> MarkProcessingAsync(IngestRequest request, CancellationToken cancellationToken)
        => ChangeAsync(request.VideoId, request.Attempt, video => video.Status is VideoStatus.Uploaded or VideoStatus.Processing
            ? video with { Status = VideoStatus.Processing, FailureCode = null, FailureReason = null, Progress = new VideoProgress("analyzing", 0, 0, false) }
            : null, cancellationToken);

    public Task<bool> RecordProgressAsync(ProgressUpdate update, CancellationToken cancellationToken)
    {
        var progress = update.Progress;
        return ChangeAsync(update.VideoId, update.Attempt, video =>
        {
            // Progress only moves forward: a late or repeated update must not undo a newer one.
            if (video.Status != VideoStatus.Processing || (video.Progress is { } seen && seen.Done > progress.Done))
            {
                return null;
            }

            var renditions = progress.Ladder?.Video.Select(r => new RenditionInfo(r.Name, r.Width, r.Height, r.BitrateKbps, "h264")).ToList();
            return video with
            {
                Progress = new VideoProgress(progress.Stage, progress.Done, progress.Total, progress.Published > 0 || (video.Progress?.Playable ?? false)),
                Renditions = renditions ?? video.Renditions,
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Fails a video that is still on its way (uploaded or processing) in this attempt: a published one stays
    /// published, a newer attempt's is left alone. The attempt's work goes first, while the video still shows
    /// processing, since a failed video may be reprocessed at once.
    /// </summary>
    public async Task<bool> MarkFailedAsync(FailureUpdate update, CancellationToken cancellationToken)
    {
        if (await catalog.FindVideoAsync(update.VideoId, cancellationToken) is not { } video || video.Attempt != update.Attempt || !IsUnfinished(video))
        {
            return false;
        }

        await store.DeletePrefixAsync(StoreKeys.WorkPrefix(update.VideoId), cancellationToken);
        return await ChangeAsync(update.VideoId, update.Attempt, current => IsUnfinished(current)
            ? current with
            {
                Status = VideoStatus.Failed,
                FailureCode = update.Failure.ErrorCode,
                FailureReason = Redact(update.Failure.Reason),
                Renditions = [],
                Progress = current.Progress is { } p ? p with { Playable = false } : null,
            }
            : null, cancellationToken);
    }

    /// <summary>Uploaded or processing: a run may still end it either way.</summary>
    public static bool IsUnfinished(Video video) => video.Status is VideoStatus.Uploaded or VideoStatus.Processing;

    public async Task<bool> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        // Searchable first, then Ready: whoever sees Ready can also find the title.
        var current = await catalog.FindVideoAsync(request.VideoId, cancellationToken);
        if (current is null || current.Attempt != request.Attempt)
        {
            return false;
        }

        await index.UpsertAsync(
            new SearchDocument(current.Id, current.Title, current.Summary, current.Tags, request.Duration, current.Rating, current.UpdatedAt),
            cancellationToken);

        var changed = await ChangeAsync(request.VideoId, request.Attempt, video => video with
        {
            Status = VideoStatus.Ready,
            Duration = request.Duration,
            Renditions = request.Renditions,
            HasThumbnails = request.HasThumbnails,
            Progress = video.Progress is { } p ? p with { Stage = "done", Done = p.Total, Playable = true } : new VideoProgress("done", 0, 0, true),
        }, cancellationToken);

        // The split chunks and temporary files are not needed once the stream is published.
        await store.DeletePrefixAsync(StoreKeys.WorkPrefix(request.VideoId), cancellationToken);
        return changed;
    }

    /// <summary>Reasons reach uploaders and may quote tool output: absolute server paths are cut to their file names.</summary>
    internal static string Redact(string reason) => AbsolutePath().Replace(reason, match => match.Groups["name"].Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:/[^/\s'""|:]+)+/(?<name>[^/\s'""|:]+)")]
    private static partial System.Text.RegularExpressions.Regex AbsolutePath();

    /// <summary>Applies a change unless the video has moved on to a newer attempt (or the change declines).</summary>
    private async Task<bool> ChangeAsync(string videoId, int attempt, Func<Video, Video?> change, CancellationToken cancellationToken)
    {
        var changed = false;
        var video = await catalog.FindVideoAsync(videoId, cancellationToken);
        if (video is null || video.Attempt != attempt)
        {
            return false;
        }

        await catalog.UpdateVideoAsync(videoId, current =>
        {
            var next = current.Attempt == attempt ? change(current) : null;
            changed = next is not null;
            return next is null ? current : next with { UpdatedAt = time.GetUtcNow() };
        }, cancellationToken);
        return changed;
    }
}
