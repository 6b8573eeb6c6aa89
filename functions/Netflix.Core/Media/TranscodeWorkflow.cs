using Netflix.Core.Workflow;

namespace Netflix.Core.Media;

/// <summary>
/// The transcode pipeline, written once and run by every host: analyze → split → one task per chunk (in
/// parallel) plus the audio → stitch as chunks finish, so the title plays early → check every output →
/// thumbnails. Deterministic: everything it knows comes from activity results.
/// </summary>
public static class TranscodeWorkflow
{
    public static async Task<TranscodeOutcome> RunAsync(IWorkflowContext context, MediaJob job)
    {
        context.SetStatus(new WorkflowStatus(TranscodeStages.Analyzing, 0, 0));
        var analysis = await context.CallAsync(MediaActivities.Analyze, job);
        if (analysis.Failure is not null || analysis.Plan is null || analysis.Chunks is null)
        {
            return new TranscodeOutcome { Failure = analysis.Failure ?? new MediaFailure(MediaFailureCode.ProcessingFailed, "Analysis produced no plan.") };
        }

        var plan = analysis.Plan;
        try
        {
            context.SetStatus(new WorkflowStatus(TranscodeStages.Splitting, 0, analysis.Chunks.Chunks.Count));
            var chunks = await context.CallAsync(MediaActivities.Split, new SplitRequest(job, plan, analysis.Chunks));
            var stitch = await TranscodeChunksAsync(context, job, plan, chunks);

            context.SetStatus(new WorkflowStatus(TranscodeStages.Verifying, 0, plan.Ladder.Video.Count + 1));
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

            context.SetStatus(new WorkflowStatus(TranscodeStages.Done, chunks.Chunks.Count, chunks.Chunks.Count));
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
    private static async Task<StitchResult> TranscodeChunksAsync(IWorkflowContext context, MediaJob job, TranscodePlan plan, ChunkPlan chunks)
    {
        var total = chunks.Chunks.Count;
        var audio = plan.Ladder.Audio is null ? null : context.CallAsync(MediaActivities.EncodeAudio, new JobStepRequest(job, plan));
        var pending = chunks.Chunks.Select(c => context.CallAsync(MediaActivities.TranscodeChunk, new ChunkRequest(job, plan, c))).ToList();

        context.SetStatus(new WorkflowStatus(TranscodeStages.Transcoding, 0, total));
        var finished = new bool[total];
        var doneCount = 0;
        var published = 0;
        StitchResult? stitch = null;
        while (pending.Count > 0)
        {
            var next = await Task.WhenAny(pending);
            pending.Remove(next);
            var result = await next;
            finished[result.ChunkIndex] = true;
            doneCount++;
            context.SetStatus(new WorkflowStatus(TranscodeStages.Transcoding, doneCount, total));

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

                stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(job, plan, total, ready));
                published = ready;
            }
        }

        if (audio is not null)
        {
            await audio;
        }

        if (published < total || stitch is null)
        {
            stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(job, plan, total, total));
        }

        return stitch;
    }
}
