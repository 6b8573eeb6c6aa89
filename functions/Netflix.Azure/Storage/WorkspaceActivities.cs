using Microsoft.Extensions.Logging;
using Netflix.Azure.Catalog;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Azure.Storage;

/// <summary>
/// The Azure edition's steps around the shared activities, where the media tools work in a shared folder and players
/// read from Blob Storage: an attempt starts on a clear folder, the source is staged into it before analysis, each
/// stitch and the thumbnails are published to the store, and a finished or failed attempt's files leave the folder.
/// Only the attempt the video is on touches the folder; every step is safe to run twice.
/// </summary>
/// <remarks>
/// The attempt and status checks read Cosmos DB itself, past the host's short read cache: another instance's cache
/// may still hold a status the video has left, and these checks decide whether a folder is deleted.
/// </remarks>
public sealed partial class WorkspaceActivities(WorkspaceSync sync, CosmosCatalog catalog, ILogger<WorkspaceActivities> logger) : IActivityDecorator
{
    public void Apply(ActivityRegistry registry) => registry
        .Decorate(IngestActivities.MarkProcessing, inner => async (request, cancellationToken) =>
        {
            // What an earlier attempt left (its clean-up cut short) must not pass for this one's work, or its record
            // of what was published, for outputs the reprocessing removed from the store.
            if (await CurrentAsync(request.VideoId, request.Attempt, cancellationToken) is { Status: VideoStatus.Uploaded, SourceKey: { } source })
            {
                sync.CleanUp(request.VideoId, source);
            }

            return await inner(request, cancellationToken);
        })
        .Decorate(MediaActivities.Analyze, inner => async (job, cancellationToken) =>
        {
            await sync.StageSourceAsync(job.SourceKey, cancellationToken);
            return await inner(job, cancellationToken);
        })
        .Decorate(MediaActivities.Stitch, inner => async (request, cancellationToken) =>
        {
            var result = await inner(request, cancellationToken);
            await sync.PublishAsync(request.Job.VideoId, WorkspaceSync.HlsFolder, cancellationToken);
            return result;
        })
        .Decorate(MediaActivities.Thumbnails, inner => async (request, cancellationToken) =>
        {
            var result = await inner(request, cancellationToken);
            await sync.PublishAsync(request.Job.VideoId, WorkspaceSync.ThumbnailsFolder, cancellationToken);
            return result;
        })
        .Decorate(IngestActivities.Publish, inner => async (request, cancellationToken) =>
        {
            var changed = await inner(request, cancellationToken);

            // The title is published: a folder that will not clear is only clutter, never a reason to fail it.
            if (await CurrentAsync(request.VideoId, request.Attempt, cancellationToken) is { Status: VideoStatus.Ready, SourceKey: { } source })
            {
                try
                {
                    sync.CleanUp(request.VideoId, source);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogCleanUpFailed(logger, ex, request.VideoId);
                }
            }

            return changed;
        })
        .Decorate(IngestActivities.MarkFailed, inner => async (update, cancellationToken) =>
        {
            // Cleared first, while the video still shows processing: once it shows failed it may be reprocessed at once.
            if (await CurrentAsync(update.VideoId, update.Attempt, cancellationToken) is { SourceKey: { } source } video && IngestHandlers.IsUnfinished(video))
            {
                sync.CleanUp(update.VideoId, source);
            }

            return await inner(update, cancellationToken);
        });

    /// <summary>The video, if it is on this attempt.</summary>
    private async Task<Video?> CurrentAsync(string videoId, int attempt, CancellationToken cancellationToken)
        => await catalog.FindVideoAsync(videoId, cancellationToken) is { } video && video.Attempt == attempt ? video : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The work folder of published video {VideoId} could not be cleared")]
    private static partial void LogCleanUpFailed(ILogger logger, Exception exception, string videoId);
}
