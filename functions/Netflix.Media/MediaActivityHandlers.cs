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
/// The implementations behind <see cref="MediaActivities"/>: each resolves the job's folder and runs one media
/// step. Every step is idempotent: run again, it finds its finished output and returns it.
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
        .Register(MediaActivities.Thumbnails, ThumbnailsAsync);

    public async Task<AnalysisResult> AnalyzeAsync(MediaJob job, CancellationToken cancellationToken)
    {
        var probe = await prober.ProbeAsync(workspace.GetSourcePath(job), cancellationToken);
        if (probe.Failure is not null || probe.Info is null || probe.Frames is null)
        {
            return new AnalysisResult(probe.Failure, null, null);
        }

        var (plan, chunks) = TranscodePlanner.Plan(probe.Info, probe.Frames, options.Value);
        await ClaimJobFolderAsync(job, plan, chunks, cancellationToken);
        return new AnalysisResult(null, plan, chunks);
    }

    public Task<ChunkPlan> SplitAsync(SplitRequest request, CancellationToken cancellationToken)
        => splitter.SplitAsync(workspace.GetSourcePath(request.Job), request.Plan, request.Chunks, Layout(request.Job), cancellationToken);

    public Task<AudioResult> EncodeAudioAsync(JobStepRequest request, CancellationToken cancellationToken)
        => audioEncoder.EncodeAsync(workspace.GetSourcePath(request.Job), Layout(request.Job), request.Plan, cancellationToken);

    public Task<ChunkResult> TranscodeChunkAsync(ChunkRequest request, CancellationToken cancellationToken)
        => chunkTranscoder.TranscodeAsync(workspace.GetSourcePath(request.Job), Layout(request.Job), request.Plan, request.Chunk, null, cancellationToken);

    public Task<StitchResult> StitchAsync(StitchRequest request, CancellationToken cancellationToken)
        => HlsStitcher.StitchAsync(Layout(request.Job), request.Plan, request.TotalChunks, request.ReadyChunks, request.LongestSegment, cancellationToken);

    public Task<StreamCheck> CheckRenditionAsync(RenditionCheckRequest request, CancellationToken cancellationToken)
        => verifier.CheckRenditionAsync(
            Layout(request.Job), request.Plan, workspace.GetSourcePath(request.Job), request.Rendition, request.ExpectedFrames, request.ExpectedDuration, cancellationToken);

    public Task<StreamCheck> CheckAudioAsync(JobStepRequest request, CancellationToken cancellationToken)
        => verifier.CheckAudioAsync(Layout(request.Job), request.Plan, cancellationToken);

    public Task<ThumbnailResult> ThumbnailsAsync(JobStepRequest request, CancellationToken cancellationToken)
        => thumbnails.GenerateAsync(Layout(request.Job), request.Plan, cancellationToken);

    private JobLayout Layout(MediaJob job) => new(workspace.GetJobDirectory(job));

    /// <summary>
    /// Steps reuse the finished files they find, so the job folder must belong to this source and this plan: a
    /// folder left by another source, or by other settings, is emptied first. A fingerprint file says whose it is.
    /// </summary>
    private async Task ClaimJobFolderAsync(MediaJob job, TranscodePlan plan, ChunkPlan chunks, CancellationToken cancellationToken)
    {
        var layout = Layout(job);
        var source = new FileInfo(workspace.GetSourcePath(job));
        var identity = JsonSerializer.Serialize(new { source.Length, Modified = source.LastWriteTimeUtc.Ticks, plan, chunks });
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        if (File.Exists(layout.Fingerprint) && await File.ReadAllTextAsync(layout.Fingerprint, cancellationToken) == fingerprint)
        {
            return;
        }

        if (Directory.Exists(layout.Root))
        {
            Directory.Delete(layout.Root, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(layout.Fingerprint)!);
        await AtomicFile.WriteAllTextAsync(layout.Fingerprint, fingerprint, cancellationToken);
    }
}
