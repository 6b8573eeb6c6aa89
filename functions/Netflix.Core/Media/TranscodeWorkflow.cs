using Netflix.Core.Workflow;

namespace Netflix.Core.Media;

/// <summary>
/// The transcode pipeline, written once and run by every host: analyze → split → one task per chunk (in
/// parallel) plus the audio → stitch as chunks finish, so the title plays early → check every output →
/// thumbnails. Deterministic: everything it knows comes from activity results.
/// </summary>
public static class TranscodeWorkflow
{
    /// <param name="onProgress">
    /// Called (and awaited) at every step; a workflow that wraps this one records progress through it, as activity
    /// calls, so every host sees the same progress.
    /// </param>
    /// <param name="maxChunksInFlight">
    /// How many chunk tasks are outstanding at once; the next starts as one finishes, in chunk order. A host whose
    /// engine already bounds its workers leaves it unbounded; Durable Functions bounds it so a long title's
    /// orchestration history and the activity queue stay small.
    /// </param>
    public static async Task<TranscodeOutcome> RunAsync(
        IWorkflowContext context, MediaJob job, Func<TranscodeProgress, Task>? onProgress = null, int maxChunksInFlight = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunksInFlight, 1);
        var report = new Reporter(context, onProgress);
        TranscodePlan? plan = null;
        try
        {
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Analyzing, 0, 0, 0, null));
            var analysis = await context.CallAsync(MediaActivities.Analyze, job);
            if (analysis.Failure is not null || analysis.Plan is null || analysis.Chunks is null)
            {
                return new TranscodeOutcome { Failure = analysis.Failure ?? new MediaFailure(MediaFailureCode.ProcessingFailed, "Analysis produced no plan.") };
            }

            plan = analysis.Plan;
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Splitting, 0, analysis.Chunks.Chunks.Count, 0, plan.Ladder));
            var chunks = await context.CallAsync(MediaActivities.Split, new SplitRequest(job, plan, analysis.Chunks));
            var stitch = await TranscodeChunksAsync(context, report, job, plan, chunks, maxChunksInFlight);

            var total = chunks.Chunks.Count;
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Verifying, total, total, total, plan.Ladder));
            var frames = chunks.FrameCount;
            var duration = chunks.Chunks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration);
            var videoChecks = plan.Ladder.Video
                .Select(r => context.CallAsync(MediaActivities.CheckRendition, new RenditionCheckRequest(job, plan, r.Name, frames, duration)))
                .ToList();
            var audioCheck = plan.Ladder.Audio is null ? null : context.CallAsync(MediaActivities.CheckAudio, new JobStepRequest(job, plan));
            var thumbnails = context.CallAsync(MediaActivities.Thumbnails, new JobStepRequest(job, plan));

            var checks = (await Task.WhenAll(videoChecks)).ToList();
            var audio = audioCheck is null ? null : await audioCheck;
            var problems = checks.SelectMany(c => c.Problems.Select(p => $"{c.Name}: {p}"))
                .Concat(audio?.Problems.Select(p => $"audio: {p}") ?? Enumerable.Empty<string>())
                .Concat(OutputChecks.Sync(checks, audio))
                .ToList();
            var thumbnailResult = await thumbnails;
            if (audio is not null)
            {
                checks.Add(audio);
            }

            var outcome = new TranscodeOutcome { Plan = plan, Chunks = chunks, Stitch = stitch, Thumbnails = thumbnailResult, Checks = checks };
            if (problems.Count > 0)
            {
                return outcome with
                {
                    Failure = new MediaFailure(MediaFailureCode.OutputCheckFailed, "The output failed its checks: " + string.Join("; ", problems.Take(5))),
                };
            }

            await report.SendAsync(new TranscodeProgress(TranscodeStages.Done, total, total, total, plan.Ladder));
            return outcome;
        }
        catch (ActivityFailedException ex)
        {
            return new TranscodeOutcome { Plan = plan, Failure = MediaFailure.FromMessage(ex.Message) };
        }
    }

    /// <summary>
    /// Fans the chunks out with the audio alongside, and republishes the playlists each time the run of finished
    /// chunks from the start grows.
    /// </summary>
    private static async Task<StitchResult> TranscodeChunksAsync(
        IWorkflowContext context, Reporter report, MediaJob job, TranscodePlan plan, ChunkPlan chunks, int maxInFlight)
    {
        var total = chunks.Chunks.Count;
        var longestSegment = chunks.Chunks.Max(c => c.SegmentDuration);
        var audio = plan.Ladder.Audio is null ? null : context.CallAsync(MediaActivities.EncodeAudio, new JobStepRequest(job, plan));
        var waiting = new Queue<ChunkSpec>(chunks.Chunks);
        var pending = new List<Task<ChunkResult>>();
        void StartNext()
        {
            if (waiting.Count > 0)
            {
                pending.Add(context.CallAsync(MediaActivities.TranscodeChunk, new ChunkRequest(job, plan, waiting.Dequeue())));
            }
        }

        while (pending.Count < maxInFlight && waiting.Count > 0)
        {
            StartNext();
        }

        await report.SendAsync(new TranscodeProgress(TranscodeStages.Transcoding, 0, total, 0, plan.Ladder));
        var finished = new bool[total];
        var doneCount = 0;
        var published = 0;
        StitchResult? stitch = null;
        while (pending.Count > 0)
        {
            var next = await Task.WhenAny(pending);
            pending.Remove(next);
            var result = await next;
            StartNext();
            finished[result.ChunkIndex] = true;
            doneCount++;

            var ready = published;
            while (ready < total && finished[ready])
            {
                ready++;
            }

            if (ready > published && (audio is null || audio.IsCompleted))
            {
                if (audio is not null)
                {
                    await audio;
                }

                stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(job, plan, total, ready, longestSegment));
                published = ready;
            }

            await report.SendAsync(new TranscodeProgress(TranscodeStages.Transcoding, doneCount, total, published, plan.Ladder));
        }

        if (audio is not null)
        {
            await audio;
        }

        if (published < total || stitch is null)
        {
            stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(job, plan, total, total, longestSegment));
        }

        return stitch;
    }

    private sealed class Reporter(IWorkflowContext context, Func<TranscodeProgress, Task>? onProgress)
    {
        public async Task SendAsync(TranscodeProgress progress)
        {
            context.SetStatus(new WorkflowStatus(progress.Stage, progress.Done, progress.Total));
            if (onProgress is not null)
            {
                await onProgress(progress);
            }
        }
    }
}
