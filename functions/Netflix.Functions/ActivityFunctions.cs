using Microsoft.Azure.Functions.Worker;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Functions;

/// <summary>
/// Every Core activity as a Durable activity of the same name, calling the implementation the registry holds: the
/// same one the local engine runs, with the Azure edition's workspace steps (staging the source, publishing to Blob
/// Storage, clearing the shared folder) composed around it in Netflix.Azure.
/// </summary>
public sealed class ActivityFunctions(ActivityRegistry activities)
{
    [Function(IngestActivities.Names.MarkProcessing)]
    public Task<bool> MarkProcessing([ActivityTrigger] IngestRequest input, CancellationToken cancellationToken)
        => activities.InvokeAsync(IngestActivities.MarkProcessing, input, cancellationToken);

    [Function(IngestActivities.Names.RecordProgress)]
    public Task<bool> RecordProgress([ActivityTrigger] ProgressUpdate input, CancellationToken cancellationToken)
        => activities.InvokeAsync(IngestActivities.RecordProgress, input, cancellationToken);

    [Function(IngestActivities.Names.MarkFailed)]
    public Task<bool> MarkFailed([ActivityTrigger] FailureUpdate input, CancellationToken cancellationToken)
        => activities.InvokeAsync(IngestActivities.MarkFailed, input, cancellationToken);

    [Function(IngestActivities.Names.Publish)]
    public Task<bool> Publish([ActivityTrigger] PublishRequest input, CancellationToken cancellationToken)
        => activities.InvokeAsync(IngestActivities.Publish, input, cancellationToken);

    [Function(MediaActivities.Names.Analyze)]
    public Task<AnalysisResult> Analyze([ActivityTrigger] MediaJob input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.Analyze, input, cancellationToken);

    [Function(MediaActivities.Names.Split)]
    public Task<ChunkSummary> Split([ActivityTrigger] JobStep input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.Split, input, cancellationToken);

    [Function(MediaActivities.Names.EncodeAudio)]
    public Task<AudioResult> EncodeAudio([ActivityTrigger] JobStep input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.EncodeAudio, input, cancellationToken);

    [Function(MediaActivities.Names.TranscodeChunk)]
    public Task<ChunkResult> TranscodeChunk([ActivityTrigger] ChunkRequest input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.TranscodeChunk, input, cancellationToken);

    [Function(MediaActivities.Names.Stitch)]
    public Task<StitchResult> Stitch([ActivityTrigger] StitchRequest input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.Stitch, input, cancellationToken);

    [Function(MediaActivities.Names.CheckRendition)]
    public Task<StreamCheck> CheckRendition([ActivityTrigger] RenditionCheckRequest input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.CheckRendition, input, cancellationToken);

    [Function(MediaActivities.Names.CheckAudio)]
    public Task<StreamCheck> CheckAudio([ActivityTrigger] JobStep input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.CheckAudio, input, cancellationToken);

    [Function(MediaActivities.Names.Thumbnails)]
    public Task<ThumbnailResult> Thumbnails([ActivityTrigger] JobStep input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.Thumbnails, input, cancellationToken);

    [Function(MediaActivities.Names.Abandon)]
    public Task<bool> Abandon([ActivityTrigger] JobStep input, CancellationToken cancellationToken)
        => activities.InvokeAsync(MediaActivities.Abandon, input, cancellationToken);
}
