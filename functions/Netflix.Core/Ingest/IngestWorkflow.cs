using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Core.Ingest;

/// <param name="Attempt">Which run of the pipeline this is; a stale run's writes are ignored.</param>
public sealed record IngestRequest(string VideoId, string SourceKey, int Attempt)
{
    /// <summary>The workflow instance id: one per video and attempt, so a duplicate start is recognised.</summary>
    public string InstanceId => $"{VideoId}-{Attempt}";
}

public sealed record ProgressUpdate(string VideoId, int Attempt, TranscodeProgress Progress);

public sealed record FailureUpdate(string VideoId, int Attempt, MediaFailure Failure);

public sealed record PublishRequest(string VideoId, int Attempt, TimeSpan Duration, IReadOnlyList<RenditionInfo> Renditions, bool HasThumbnails);

/// <summary>The catalog and search activities the ingest workflow calls around the transcode.</summary>
public static class IngestActivities
{
    /// <summary>The activities' names: the one place they are spelled, for hosts that bind a function to each.</summary>
    public static class Names
    {
        public const string MarkProcessing = "video-mark-processing";

        public const string RecordProgress = "video-record-progress";

        public const string MarkFailed = "video-mark-failed";

        public const string Publish = "video-publish";
    }

    private static readonly RetryPolicy Retry = new(5, TimeSpan.FromSeconds(2));

    /// <summary>
    /// The two steps that end a run keep trying for most of an hour (waits doubling up to five minutes): giving up on them
    /// would leave a finished title unpublished, or a failed one shown as processing.
    /// </summary>
    private static readonly RetryPolicy Patient = new(16, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5));

    public static readonly Activity<IngestRequest, bool> MarkProcessing = new(Names.MarkProcessing, Retry, ActivityCost.Light);

    public static readonly Activity<ProgressUpdate, bool> RecordProgress = new(Names.RecordProgress, Retry, ActivityCost.Light);

    public static readonly Activity<FailureUpdate, bool> MarkFailed = new(Names.MarkFailed, Patient, ActivityCost.Light);

    public static readonly Activity<PublishRequest, bool> Publish = new(Names.Publish, Patient, ActivityCost.Light);
}

/// <summary>
/// From a committed upload to a published video: mark it processing, run the transcode pipeline (recording
/// progress as chunks finish), then publish it to the catalog and the search index, or mark it failed with the
/// reason. However the run goes wrong, the video ends Failed with a reason, never "processing" for good.
/// Deterministic, like every workflow.
/// </summary>
public static class IngestWorkflow
{
    public const string Name = "ingest";

    /// <param name="maxChunksInFlight">Passed on to <see cref="TranscodeWorkflow.RunAsync"/>.</param>
    public static async Task<TranscodeOutcome> RunAsync(IWorkflowContext context, IngestRequest request, int maxChunksInFlight = int.MaxValue)
    {
        TranscodeOutcome outcome;
        try
        {
            await context.CallAsync(IngestActivities.MarkProcessing, request);
            outcome = await TranscodeWorkflow.RunAsync(
                context,
                new MediaJob(request.VideoId, request.SourceKey),
                progress => RecordProgressAsync(context, request, progress),
                maxChunksInFlight);
            if (outcome.Failure is null)
            {
                var renditions = outcome.Plan!.Ladder.Video
                    .Select(r => new RenditionInfo(r.Name, r.Width, r.Height, r.BitrateKbps, "h264"))
                    .ToList();
                await context.CallAsync(
                    IngestActivities.Publish,
                    new PublishRequest(request.VideoId, request.Attempt, outcome.Plan.Source.Duration, renditions, outcome.Thumbnails is not null));
                return outcome;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new TranscodeOutcome { Failure = MediaFailure.FromException(ex) };
        }

        await context.CallAsync(IngestActivities.MarkFailed, new FailureUpdate(request.VideoId, request.Attempt, outcome.Failure!));
        return outcome;
    }

    /// <summary>Progress is for people watching: a catalog that cannot take it for a while must not fail the title.</summary>
    private static async Task RecordProgressAsync(IWorkflowContext context, IngestRequest request, TranscodeProgress progress)
    {
        try
        {
            await context.CallAsync(IngestActivities.RecordProgress, new ProgressUpdate(request.VideoId, request.Attempt, progress));
        }
        catch (ActivityFailedException)
        {
            // The next report, or the publish, brings the catalog up to date.
        }
    }
}

/// <summary>Starts the ingest workflow for a committed upload; each host has its own way (in process, a queue, …).</summary>
public interface IIngestStarter
{
    /// <summary>Starts the run; starting the same <see cref="IngestRequest.InstanceId"/> again does nothing.</summary>
    Task StartAsync(IngestRequest request, CancellationToken cancellationToken);
}
