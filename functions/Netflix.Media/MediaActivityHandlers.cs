using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Core.Workflow;
using Netflix.Media.Hls;
using Netflix.Media.Planning;
using Netflix.Media.Probing;
using Netflix.Media.Thumbnails;
using Netflix.Media.Transcoding;
using Netflix.Media.Verification;

namespace Netflix.Media;

/// <summary>
/// The implementations behind <see cref="MediaActivities"/>: each resolves the job's folder, reads the plan the
/// analysis kept there and runs one media step. Every step is idempotent: run again, it finds its finished output
/// and returns it. Every step after the analysis stops when its job is given up, and refuses to start after that.
/// </summary>
public sealed class MediaActivityHandlers(
    IMediaWorkspace workspace,
    MediaProber prober,
    SourceSplitter splitter,
    ChunkTranscoder chunkTranscoder,
    AudioEncoder audioEncoder,
    OutputVerifier verifier,
    ThumbnailGenerator thumbnails,
    IOptions<MediaOptions> options)
{
    public ActivityRegistry RegisterWith(ActivityRegistry registry) => registry
        .Register(MediaActivities.Analyze, AnalyzeAsync)
        .Register(MediaActivities.Split, SplitAsync)
        .Register(MediaActivities.EncodeAudio, EncodeAudioAsync)
        .Register(MediaActivities.TranscodeChunk, TranscodeChunkAsync)
        .Register(MediaActivities.Stitch, StitchAsync)
        .Register(MediaActivities.CheckRendition, CheckRenditionAsync)
        .Register(MediaActivities.CheckAudio, CheckAudioAsync)
        .Register(MediaActivities.Thumbnails, ThumbnailsAsync)
        .Register(MediaActivities.Abandon, AbandonAsync);

    public async Task<AnalysisResult> AnalyzeAsync(MediaJob job, CancellationToken cancellationToken)
    {
        var probe = await prober.ProbeAsync(workspace.GetSourcePath(job), cancellationToken);
        if (probe.Failure is not null || probe.Info is null || probe.Frames is null)
        {
            return new AnalysisResult(probe.Failure, null, null);
        }

        var (plan, chunks) = TranscodePlanner.Plan(probe.Info, probe.Frames, options.Value);
        var planId = await ClaimJobFolderAsync(job, plan, chunks, cancellationToken);
        return new AnalysisResult(null, plan, ChunkSummary.Of(chunks), planId);
    }

    public Task<ChunkSummary> SplitAsync(JobStep step, CancellationToken cancellationToken)
        => RunAsync(step, async (layout, plan, planned, token) =>
            ChunkSummary.Of(await splitter.SplitAsync(workspace.GetSourcePath(step.Job), plan, planned, layout, token)), cancellationToken);

    public Task<AudioResult> EncodeAudioAsync(JobStep step, CancellationToken cancellationToken)
        => RunAsync(step, (layout, plan, _, token) => audioEncoder.EncodeAsync(workspace.GetSourcePath(step.Job), layout, plan, token), cancellationToken);

    /// <summary>Transcodes the chunk (unless an earlier delivery did) and decodes every rendition of it (unless that was done too).</summary>
    public Task<ChunkResult> TranscodeChunkAsync(ChunkRequest request, CancellationToken cancellationToken)
        => RunAsync(new JobStep(request.Job, request.PlanId), async (layout, plan, _, token) =>
        {
            var chunk = ChunkAt(await JobPlans.ReadSplitAsync(layout, token), request.Index);
            var result = await chunkTranscoder.TranscodeAsync(workspace.GetSourcePath(request.Job), layout, plan, chunk, null, token);
            var problems = await verifier.CheckChunkAsync(layout, plan, chunk, token);
            return result with { Problems = problems };
        }, cancellationToken);

    public Task<StitchResult> StitchAsync(StitchRequest request, CancellationToken cancellationToken)
        => RunAsync(new JobStep(request.Job, request.PlanId), async (layout, plan, _, token) =>
        {
            var chunks = await JobPlans.ReadSplitAsync(layout, token);
            return await HlsStitcher.StitchAsync(layout, plan, chunks, request.ReadyChunks, token);
        }, cancellationToken);

    public Task<StreamCheck> CheckRenditionAsync(RenditionCheckRequest request, CancellationToken cancellationToken)
        => RunAsync(new JobStep(request.Job, request.PlanId), async (layout, plan, _, token) =>
        {
            var chunks = ChunkSummary.Of(await JobPlans.ReadSplitAsync(layout, token));
            return await verifier.CheckRenditionAsync(
                layout, plan, workspace.GetSourcePath(request.Job), request.Rendition, chunks.FrameCount, chunks.Duration, token);
        }, cancellationToken);

    public Task<StreamCheck> CheckAudioAsync(JobStep step, CancellationToken cancellationToken)
        => RunAsync(step, (layout, plan, _, token) => verifier.CheckAudioAsync(layout, plan, token), cancellationToken);

    public Task<ThumbnailResult> ThumbnailsAsync(JobStep step, CancellationToken cancellationToken)
        => RunAsync(step, (layout, plan, _, token) => thumbnails.GenerateAsync(layout, plan, token), cancellationToken);

    /// <summary>Marks the job given up, if its folder still holds this plan (a newer attempt's folder is left alone).</summary>
    public async Task<bool> AbandonAsync(JobStep step, CancellationToken cancellationToken)
    {
        var layout = Layout(step.Job);
        if (await JobPlans.CurrentIdAsync(layout, cancellationToken) != step.PlanId)
        {
            return false;
        }

        await AtomicFile.WriteAllTextAsync(layout.AbandonedMarker, step.PlanId, cancellationToken);
        return true;
    }

    private JobLayout Layout(MediaJob job) => new(workspace.GetJobDirectory(job));

    /// <summary>
    /// Runs a step of the job's plan, watched for the job being given up. A step that fails with a verdict (which no
    /// retry changes, so the job fails) gives the job up itself, at once: on Durable Functions the workflow's own
    /// abandon call may wait in the activity queue behind the very chunks it should stop.
    /// </summary>
    private async Task<T> RunAsync<T>(JobStep step, Func<JobLayout, TranscodePlan, ChunkPlan, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var layout = Layout(step.Job);
        var (plan, planned) = await JobPlans.ReadAsync(layout, step.PlanId, cancellationToken);
        try
        {
            return await AbandonWatch.RunAsync(layout, token => run(layout, plan, planned, token), cancellationToken);
        }
        catch (MediaProcessingException)
        {
            await AbandonAsync(step, CancellationToken.None);
            throw;
        }
    }

    private static ChunkSpec ChunkAt(ChunkPlan chunks, int index)
        => index >= 0 && index < chunks.Chunks.Count && chunks.Chunks[index].Index == index
            ? chunks.Chunks[index]
            : throw new MediaProcessingException(new MediaFailure(MediaFailureCode.ProcessingFailed, $"The plan has no chunk {index}."));

    /// <summary>
    /// Steps reuse the finished files they find, so the job folder must belong to this source and this plan: a
    /// folder left by another source, or by other settings, is emptied first. A fingerprint file says whose it is,
    /// and is the plan's id. A new analysis of the same plan takes the folder back from an abandoned attempt.
    /// </summary>
    /// <remarks>
    /// The fingerprint is made of what the analysis saw (the source's key and length, the plan and its chunks), not of
    /// the local copy's file times: a copy staged again by a duplicate delivery must not make another plan id and
    /// clear the folder under the delivery that came first. A video's source never changes under its key.
    /// </remarks>
    private async Task<string> ClaimJobFolderAsync(MediaJob job, TranscodePlan plan, ChunkPlan chunks, CancellationToken cancellationToken)
    {
        var layout = Layout(job);
        var source = new FileInfo(workspace.GetSourcePath(job));
        var identity = JsonSerializer.Serialize(new { job.SourceKey, source.Length, plan, chunks });
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        if (await JobPlans.CurrentIdAsync(layout, cancellationToken) == fingerprint && File.Exists(layout.PlanFile))
        {
            File.Delete(layout.AbandonedMarker);
            return fingerprint;
        }

        if (Directory.Exists(layout.Root))
        {
            Directory.Delete(layout.Root, recursive: true);
        }

        await JobPlans.WriteAsync(layout, plan, chunks, cancellationToken);
        await AtomicFile.WriteAllTextAsync(layout.Fingerprint, fingerprint, cancellationToken);
        return fingerprint;
    }
}
