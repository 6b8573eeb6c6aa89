using System.Globalization;
using Netflix.Core.Workflow;

namespace Netflix.Core.Media;

/// <summary>
/// The transcode pipeline, written once and run by every host: analyze → split → chunk tasks in parallel (each
/// transcodes its chunk into every rendition and decodes the result) with the audio alongside → stitch as the run of
/// finished chunks from the start grows, so the title plays early → check every stitched stream → thumbnails.
/// Deterministic: everything it knows comes from activity results. A step that fails for good gives the job up:
/// the steps still running are stopped and waited for before the failure is returned, so nothing is left working on
/// a folder that is about to be cleared.
/// </summary>
public static class TranscodeWorkflow
{
    public const string BatchName = "media-transcode-batch";

    /// <summary>A run of chunks as one child workflow (a sub-orchestration on Durable Functions).</summary>
    public static readonly Workflow<ChunkBatch, IReadOnlyList<ChunkResult>> Batch = new(BatchName, RunBatchAsync);

    /// <param name="onProgress">
    /// Called (and awaited) at every step; a workflow that wraps this one records progress through it, as activity
    /// calls, so every host sees the same progress.
    /// </param>
    /// <param name="maxChunksInFlight">
    /// How many chunk tasks are outstanding at once; the next start as earlier ones finish, in chunk order. A host whose
    /// engine already bounds its workers leaves it unbounded; Durable Functions bounds it so the activity queue and the
    /// instances' share stay small.
    /// </param>
    public static async Task<TranscodeOutcome> RunAsync(
        IWorkflowContext context, MediaJob job, Func<TranscodeProgress, Task>? onProgress = null, int maxChunksInFlight = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunksInFlight, 1);
        var report = new Reporter(context, onProgress);
        var running = new Outstanding();
        TranscodePlan? plan = null;
        JobStep? step = null;
        try
        {
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Analyzing, 0, 0, 0, null));
            var analysis = await context.CallAsync(MediaActivities.Analyze, job);
            if (analysis.Failure is not null || analysis.Plan is null || analysis.Chunks is null || analysis.PlanId is null)
            {
                return new TranscodeOutcome { Failure = analysis.Failure ?? new MediaFailure(MediaFailureCode.ProcessingFailed, "Analysis produced no plan.") };
            }

            plan = analysis.Plan;
            step = new JobStep(job, analysis.PlanId);
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Splitting, 0, analysis.Chunks.Count, 0, plan.Ladder));
            var chunks = await context.CallAsync(MediaActivities.Split, step);
            var (stitch, chunkResults) = await TranscodeChunksAsync(context, report, running, step, plan, chunks, maxChunksInFlight);

            var total = chunks.Count;
            await report.SendAsync(new TranscodeProgress(TranscodeStages.Verifying, total, total, total, plan.Ladder));
            var videoChecks = plan.Ladder.Video
                .Select(r => running.Track(context.CallAsync(MediaActivities.CheckRendition, new RenditionCheckRequest(job, step.PlanId, r.Name))))
                .ToList();
            var audioCheck = plan.Ladder.Audio is null ? null : running.Track(context.CallAsync(MediaActivities.CheckAudio, step));
            var thumbnails = running.Track(context.CallAsync(MediaActivities.Thumbnails, step));

            var checks = new List<StreamCheck>();
            foreach (var check in videoChecks)
            {
                checks.Add(await check);
            }

            var audio = audioCheck is null ? null : await audioCheck;
            var problems = chunkResults
                .Where(r => !r.Passed)
                .OrderBy(r => r.ChunkIndex)
                .SelectMany(r => r.Problems!.Select(p => string.Create(CultureInfo.InvariantCulture, $"chunk {r.ChunkIndex}: {p}")))
                .Concat(checks.SelectMany(c => c.Problems.Select(p => $"{c.Name}: {p}")))
                .Concat(audio?.Problems.Select(p => $"audio: {p}") ?? [])
                .Concat(OutputChecks.Sync(checks, audio))
                .ToList();
            var thumbnailResult = await thumbnails;
            if (audio is not null)
            {
                checks.Add(audio);
            }

            var outcome = new TranscodeOutcome { Plan = plan, PlanId = step.PlanId, Chunks = chunks, Stitch = stitch, Thumbnails = thumbnailResult, Checks = checks };
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var others = step is null ? [] : await AbandonAsync(context, step, running.Calls);
            return new TranscodeOutcome { Plan = plan, PlanId = step?.PlanId, Failure = RootCause(ex, others) };
        }
    }

    /// <summary>
    /// Fans the chunk steps out with the audio alongside, and republishes the playlists each time the run of finished
    /// chunks from the start grows.
    /// </summary>
    private static async Task<(StitchResult Stitch, List<ChunkResult> Results)> TranscodeChunksAsync(
        IWorkflowContext context, Reporter report, Outstanding running, JobStep step, TranscodePlan plan, ChunkSummary chunks, int maxInFlight)
    {
        var total = chunks.Count;
        var audio = plan.Ladder.Audio is null ? null : running.Track(context.CallAsync(MediaActivities.EncodeAudio, step));
        var waiting = new Queue<ChunkUnit>(ChunkUnits.Plan(total, maxInFlight));
        var pending = new List<(Task<IReadOnlyList<ChunkResult>> Task, ChunkUnit Unit)>();
        var inFlight = 0;
        void StartWhileRoom()
        {
            while (waiting.Count > 0 && (inFlight == 0 || inFlight + waiting.Peek().Count <= maxInFlight))
            {
                var unit = waiting.Dequeue();
                pending.Add((running.Track(RunUnitAsync(context, step, unit)), unit));
                inFlight += unit.Count;
            }
        }

        StartWhileRoom();
        await report.SendAsync(new TranscodeProgress(TranscodeStages.Transcoding, 0, total, 0, plan.Ladder));
        var finished = new bool[total];
        var results = new List<ChunkResult>(total);
        var published = 0;
        StitchResult? stitch = null;
        while (pending.Count > 0)
        {
            var next = await Task.WhenAny(pending.Select(p => p.Task));
            var entry = pending.Find(p => p.Task == next);
            pending.Remove(entry);
            inFlight -= entry.Unit.Count;
            foreach (var result in await next)
            {
                finished[result.ChunkIndex] = true;
                results.Add(result);
            }

            StartWhileRoom();
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

                stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(step.Job, step.PlanId, ready));
                published = ready;
            }

            await report.SendAsync(new TranscodeProgress(TranscodeStages.Transcoding, results.Count, total, published, plan.Ladder));
        }

        if (audio is not null)
        {
            await audio;
        }

        if (published < total || stitch is null)
        {
            stitch = await context.CallAsync(MediaActivities.Stitch, new StitchRequest(step.Job, step.PlanId, total));
        }

        return (stitch, results);
    }

    private static async Task<IReadOnlyList<ChunkResult>> RunUnitAsync(IWorkflowContext context, JobStep step, ChunkUnit unit)
        => unit.Count == 1
            ? [await context.CallAsync(MediaActivities.TranscodeChunk, new ChunkRequest(step.Job, step.PlanId, unit.First))]
            : await context.CallChildAsync(
                Batch, new ChunkBatch(step.Job, step.PlanId, unit.First, unit.Count), string.Create(CultureInfo.InvariantCulture, $"chunks-{unit.First:D5}"));

    /// <summary>Every chunk of the batch at once; the first that fails for good gives the job up and fails the batch.</summary>
    private static async Task<IReadOnlyList<ChunkResult>> RunBatchAsync(IWorkflowContext context, ChunkBatch batch)
    {
        var remaining = Enumerable.Range(batch.First, batch.Count)
            .Select(index => context.CallAsync(MediaActivities.TranscodeChunk, new ChunkRequest(batch.Job, batch.PlanId, index)))
            .ToList();
        var results = new List<ChunkResult>(batch.Count);
        while (remaining.Count > 0)
        {
            var next = await Task.WhenAny(remaining);
            remaining.Remove(next);
            try
            {
                results.Add(await next);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var others = await AbandonAsync(context, new JobStep(batch.Job, batch.PlanId), remaining);
                throw new ActivityFailedException(MediaActivities.Names.TranscodeChunk, RootCause(ex, others).Describe(), ex);
            }
        }

        return [.. results.OrderBy(r => r.ChunkIndex)];
    }

    /// <summary>
    /// Tells the job's running steps to stop, then waits for every one of <paramref name="calls"/> to end (however it
    /// ends). Returns how the ones that failed failed, in the order they were called.
    /// </summary>
    private static async Task<List<Exception>> AbandonAsync(IWorkflowContext context, JobStep step, IEnumerable<Task> calls)
    {
        try
        {
            await context.CallAsync(MediaActivities.Abandon, step);
        }
        catch (ActivityFailedException)
        {
            // The steps still end on their own; waiting for them is what keeps their folder safe.
        }

        var failures = new List<Exception>();
        foreach (var call in calls.ToList())
        {
            try
            {
                await call;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(ex);
            }
        }

        return failures;
    }

    /// <summary>
    /// Why the job failed: the first failure that is not a step stopped because of another (several can reach the
    /// workflow at once, in any order).
    /// </summary>
    private static MediaFailure RootCause(Exception first, IEnumerable<Exception> others)
    {
        var failures = others.Prepend(first).Select(MediaFailure.FromException).ToList();
        return failures.FirstOrDefault(f => f.Code != MediaFailureCode.Abandoned) ?? failures[0];
    }

    /// <summary>The calls a run has made, finished or not: what it waits for, and where it looks for why it failed.</summary>
    private sealed class Outstanding
    {
        private readonly List<Task> _calls = [];

        public IEnumerable<Task> Calls => _calls;

        public Task<T> Track<T>(Task<T> call)
        {
            _calls.Add(call);
            return call;
        }
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
