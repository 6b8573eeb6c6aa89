using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Netflix.Azure.Ingest;
using Netflix.Azure.Storage;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Functions;

/// <summary>
/// The upload pipeline on Durable Functions: the BlobCreated event of a committed upload (Event Grid → Service Bus)
/// starts the Core ingest workflow as an orchestration named by the video and attempt, and every Core activity is
/// a Durable activity wrapping the same implementation the local engine runs. Payloads are ids and store keys;
/// media bytes never pass through the orchestration.
/// </summary>
public sealed partial class IngestFunctions(
    ActivityRegistry activities, UploadEvents events, WorkspaceSync workspace, ICatalog catalog, ILogger<IngestFunctions> logger)
{
    /// <summary>Chunk activities outstanding at once: a 3-hour title is ~1,350 chunks, fed to the instances 64 at a time.</summary>
    private const int ChunksInFlight = 64;

    [Function(nameof(IngestOrchestrator))]
    public static Task<TranscodeOutcome> IngestOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context, IngestRequest request)
        => IngestWorkflow.RunAsync(new DurableWorkflowContext(context), request, ChunksInFlight);

    [Function("UploadCommitted")]
    public async Task UploadCommitted(
        [ServiceBusTrigger("%UploadsQueueName%", Connection = "ServiceBusConnection")] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        if (await events.ToIngestRequestAsync(message, context.CancellationToken) is not { } request)
        {
            LogIgnored(logger);
            return;
        }

        await DurableIngestStarter.StartAsync(client, request, context.CancellationToken);
    }

    [Function("video-mark-processing")]
    public Task<bool> MarkProcessing([ActivityTrigger] IngestRequest input, FunctionContext context)
        => activities.InvokeAsync(IngestActivities.MarkProcessing, input, context.CancellationToken);

    [Function("video-record-progress")]
    public Task<bool> RecordProgress([ActivityTrigger] ProgressUpdate input, FunctionContext context)
        => activities.InvokeAsync(IngestActivities.RecordProgress, input, context.CancellationToken);

    [Function("video-mark-failed")]
    public async Task<bool> MarkFailed([ActivityTrigger] FailureUpdate input, FunctionContext context)
    {
        var changed = await activities.InvokeAsync(IngestActivities.MarkFailed, input, context.CancellationToken);
        await CleanUpAsync(input.VideoId, context.CancellationToken);
        return changed;
    }

    [Function("video-publish")]
    public async Task<bool> Publish([ActivityTrigger] PublishRequest input, FunctionContext context)
    {
        var changed = await activities.InvokeAsync(IngestActivities.Publish, input, context.CancellationToken);
        await CleanUpAsync(input.VideoId, context.CancellationToken);
        return changed;
    }

    /// <summary>The shared work folder keeps nothing of a finished job (its outputs and original are in the store).</summary>
    private async Task CleanUpAsync(string videoId, CancellationToken cancellationToken)
    {
        if (await catalog.FindVideoAsync(videoId, cancellationToken) is { SourceKey: { } source })
        {
            workspace.CleanUp(videoId, source);
        }
    }

    /// <summary>The first media step: the source comes from Blob Storage into the shared work folder first.</summary>
    [Function("media-analyze")]
    public async Task<AnalysisResult> Analyze([ActivityTrigger] MediaJob input, FunctionContext context)
    {
        await workspace.StageSourceAsync(input.SourceKey, context.CancellationToken);
        return await activities.InvokeAsync(MediaActivities.Analyze, input, context.CancellationToken);
    }

    [Function("media-split")]
    public Task<ChunkPlan> Split([ActivityTrigger] SplitRequest input, FunctionContext context)
        => activities.InvokeAsync(MediaActivities.Split, input, context.CancellationToken);

    [Function("media-encode-audio")]
    public Task<AudioResult> EncodeAudio([ActivityTrigger] JobStepRequest input, FunctionContext context)
        => activities.InvokeAsync(MediaActivities.EncodeAudio, input, context.CancellationToken);

    [Function("media-transcode-chunk")]
    public Task<ChunkResult> TranscodeChunk([ActivityTrigger] ChunkRequest input, FunctionContext context)
        => activities.InvokeAsync(MediaActivities.TranscodeChunk, input, context.CancellationToken);

    /// <summary>Each stitch republishes the playlists: their segments and then they go to Blob Storage, behind the CDN.</summary>
    [Function("media-stitch")]
    public async Task<StitchResult> Stitch([ActivityTrigger] StitchRequest input, FunctionContext context)
    {
        var result = await activities.InvokeAsync(MediaActivities.Stitch, input, context.CancellationToken);
        await workspace.PublishAsync(input.Job.VideoId, "hls", context.CancellationToken);
        return result;
    }

    [Function("media-check-rendition")]
    public Task<StreamCheck> CheckRendition([ActivityTrigger] RenditionCheckRequest input, FunctionContext context)
        => activities.InvokeAsync(MediaActivities.CheckRendition, input, context.CancellationToken);

    [Function("media-check-audio")]
    public Task<StreamCheck> CheckAudio([ActivityTrigger] JobStepRequest input, FunctionContext context)
        => activities.InvokeAsync(MediaActivities.CheckAudio, input, context.CancellationToken);

    [Function("media-thumbnails")]
    public async Task<ThumbnailResult> Thumbnails([ActivityTrigger] JobStepRequest input, FunctionContext context)
    {
        var result = await activities.InvokeAsync(MediaActivities.Thumbnails, input, context.CancellationToken);
        await workspace.PublishAsync(input.Job.VideoId, "thumbs", context.CancellationToken);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage event ignored: not a committed source of a video waiting for processing")]
    private static partial void LogIgnored(ILogger logger);
}

/// <summary>Starts ingest runs as orchestrations; an instance that exists already is left alone.</summary>
internal static class DurableIngestStarter
{
    public static async Task StartAsync(DurableTaskClient client, IngestRequest request, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(request.InstanceId, cancellationToken);
        if (existing is not null)
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(IngestFunctions.IngestOrchestrator), request, new StartOrchestrationOptions(request.InstanceId), cancellationToken);
        }
        catch (InvalidOperationException) when ((await client.GetInstanceAsync(request.InstanceId, cancellationToken)) is not null)
        {
            // Started by the other path (the upload service or a duplicate event) in between.
        }
    }
}
