using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Azure.Storage;

/// <summary>
/// The Azure edition's steps around the shared activities, where the media tools work in a shared folder and players
/// read from Blob Storage: the source is staged into the folder before analysis, each stitch and the thumbnails are
/// published to the store, and a finished or failed job's files leave the folder. Every step is safe to run twice.
/// </summary>
public sealed class WorkspaceActivities(WorkspaceSync sync, ICatalog catalog) : IActivityDecorator
{
    public void Apply(ActivityRegistry registry) => registry
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
            await CleanUpAsync(request.VideoId, request.Attempt, cancellationToken);
            return changed;
        })
        .Decorate(IngestActivities.MarkFailed, inner => async (update, cancellationToken) =>
        {
            var changed = await inner(update, cancellationToken);
            await CleanUpAsync(update.VideoId, update.Attempt, cancellationToken);
            return changed;
        });

    /// <summary>Only the attempt the video is on may clear the folder: a newer attempt's files are its own.</summary>
    private async Task CleanUpAsync(string videoId, int attempt, CancellationToken cancellationToken)
    {
        if (await catalog.FindVideoAsync(videoId, cancellationToken) is { SourceKey: { } source } video && video.Attempt == attempt)
        {
            sync.CleanUp(videoId, source);
        }
    }
}
