using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

public sealed class TranscodeWorkflowTests
{
    private static readonly MediaJob Job = TestPlans.Job;

    [Fact]
    public async Task Fans_out_one_transcode_task_per_chunk_naming_the_plan_not_carrying_it()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(4));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        var requests = harness.Inputs<ChunkRequest>("media-transcode-chunk");
        Assert.Equal([.. Enumerable.Range(0, 4).Select(i => new ChunkRequest(Job, WorkflowHarness.PlanId, i))], requests);
        Assert.Equal(WorkflowHarness.PlanId, outcome.PlanId);
        Assert.Equal(new JobStep(Job, WorkflowHarness.PlanId), Assert.Single(harness.Inputs<JobStep>("media-split")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_bounded_fan_out_keeps_at_most_that_many_chunks_running_and_starts_them_in_order(int limit)
    {
        const int ChunkCount = 7;
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(ChunkCount));
        var gates = Enumerable.Range(0, ChunkCount).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var starts = Enumerable.Range(0, ChunkCount).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new List<int>();
        var released = 0;
        var most = 0;
        harness.TranscodeChunk = request =>
        {
            lock (started)
            {
                // Running: started and not yet released. The workflow can only have seen a chunk finish after its release.
                started.Add(request.Index);
                most = Math.Max(most, started.Count - released);
            }

            starts[request.Index].SetResult();
            return gates[request.Index].Task;
        };

        var run = TranscodeWorkflow.RunAsync(harness, Job, maxChunksInFlight: limit);

        // Chunk i is released only once every chunk the limit allows has started, so the workflow has had its chance to
        // start one too many.
        for (var i = 0; i < ChunkCount; i++)
        {
            await starts[Math.Min(i + limit, ChunkCount) - 1].Task.WaitAsync(TimeSpan.FromSeconds(10));
            lock (started)
            {
                released++;
            }

            gates[i].SetResult(new ChunkResult(i, 3, 1000));
        }

        var outcome = await run;

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal(limit, most);
        Assert.Equal(Enumerable.Range(0, ChunkCount), started);
        Assert.Equal(ChunkCount, outcome.Stitch!.ReadyChunks);
    }

    [Fact]
    public async Task A_fan_out_limit_below_one_is_refused()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => TranscodeWorkflow.RunAsync(new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2)), Job, maxChunksInFlight: 0));

    [Fact]
    public async Task Runs_the_steps_in_order_and_ends_done()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal(
            [
                "analyzing 0/0", "splitting 0/2", "transcoding 0/2", "stitch 1/2", "transcoding 1/2", "stitch 2/2", "transcoding 2/2",
                "verifying 2/2", "done 2/2",
            ],
            harness.Log);
        Assert.Equal(1, harness.CallCount("media-analyze"));
        Assert.Equal(1, harness.CallCount("media-split"));
        Assert.Equal(1, harness.CallCount("media-thumbnails"));
        Assert.Equal(new StitchResult(2, 2, TimeSpan.FromSeconds(24)), outcome.Stitch);
        Assert.NotNull(outcome.Thumbnails);
    }

    [Fact]
    public async Task Encodes_and_checks_audio_when_the_ladder_has_audio()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: true), TestPlans.Chunks(2));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(1, harness.CallCount("media-encode-audio"));
        Assert.Equal(1, harness.CallCount("media-check-audio"));
        Assert.Equal(["1080p", "720p", "audio"], outcome.Checks.Select(c => c.Name));
    }

    [Fact]
    public async Task Skips_audio_when_the_ladder_has_none()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(2));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal(0, harness.CallCount("media-encode-audio"));
        Assert.Equal(0, harness.CallCount("media-check-audio"));
        Assert.Equal(["1080p", "720p"], outcome.Checks.Select(c => c.Name));
    }

    [Fact]
    public async Task Stitches_each_time_the_run_of_finished_chunks_from_the_start_grows()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(5));
        var gates = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.TranscodeChunk = request => gates[request.Index].Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        int[] finishOrder = [2, 0, 1, 4, 3];
        for (var i = 0; i < finishOrder.Length; i++)
        {
            gates[finishOrder[i]].SetResult(new ChunkResult(finishOrder[i], 3, 1000));
            await harness.WaitForTranscodedAsync(i + 1);
        }

        var outcome = await run;

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal([1, 3, 5], harness.Inputs<StitchRequest>("media-stitch").Select(r => r.ReadyChunks));
        Assert.Equal(
            [
                "transcoding 0/5",
                "transcoding 1/5",                 // chunk 2: nothing from the start yet
                "stitch 1/5", "transcoding 2/5",   // chunk 0: published, then reported
                "stitch 3/5", "transcoding 3/5",   // chunk 1 joins 0..2
                "transcoding 4/5",                 // chunk 4: 3 is still missing
                "stitch 5/5", "transcoding 5/5",   // chunk 3 completes the title
            ],
            harness.Log.Where(e => e.StartsWith("transcoding", StringComparison.Ordinal) || e.StartsWith("stitch", StringComparison.Ordinal)));
        Assert.True(outcome.Stitch!.IsComplete);
    }

    [Fact]
    public async Task Chunks_finishing_in_order_stitch_after_every_chunk()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(3));
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.TranscodeChunk = request => gates[request.Index].Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        for (var i = 0; i < 3; i++)
        {
            gates[i].SetResult(new ChunkResult(i, 3, 1000));
            await harness.WaitForTranscodedAsync(i + 1);
        }

        await run;

        Assert.Equal([1, 2, 3], harness.Inputs<StitchRequest>("media-stitch").Select(r => r.ReadyChunks));
    }

    [Fact]
    public async Task Chunks_finishing_in_reverse_stitch_once_at_the_end()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(4));
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.TranscodeChunk = request => gates[request.Index].Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        for (var i = 3; i >= 0; i--)
        {
            gates[i].SetResult(new ChunkResult(i, 3, 1000));
            await harness.WaitForTranscodedAsync(4 - i);
        }

        await run;

        Assert.Equal([4], harness.Inputs<StitchRequest>("media-stitch").Select(r => r.ReadyChunks));
    }

    [Fact]
    public async Task Nothing_is_stitched_before_the_audio_is_encoded()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: true), TestPlans.Chunks(4));
        var audio = new TaskCompletionSource<AudioResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.EncodeAudio = _ => audio.Task;
        harness.TranscodeChunk = request => gates[request.Index].Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        gates[0].SetResult(new ChunkResult(0, 3, 1000));
        await harness.WaitForTranscodedAsync(1);
        Assert.Empty(harness.Stitches);

        audio.SetResult(new AudioResult(15, 960_000, TimeSpan.FromSeconds(48)));
        await harness.CallTask("media-encode-audio");
        gates[1].SetResult(new ChunkResult(1, 3, 1000));
        await harness.WaitForTranscodedAsync(2);
        gates[3].SetResult(new ChunkResult(3, 3, 1000));
        await harness.WaitForTranscodedAsync(3);
        gates[2].SetResult(new ChunkResult(2, 3, 1000));
        await harness.WaitForTranscodedAsync(4);

        var outcome = await run;

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal([2, 4], harness.Inputs<StitchRequest>("media-stitch").Select(r => r.ReadyChunks));
    }

    [Fact]
    public async Task Audio_finishing_last_gets_one_complete_stitch()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: true), TestPlans.Chunks(3));
        var audio = new TaskCompletionSource<AudioResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.EncodeAudio = _ => audio.Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        await harness.WaitForTranscodedAsync(3);
        Assert.Empty(harness.Stitches);
        audio.SetResult(new AudioResult(9, 500_000, TimeSpan.FromSeconds(36)));

        var outcome = await run;

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Equal(["stitch 3/3"], harness.Stitches);
    }

    [Fact]
    public async Task The_split_decides_the_chunks_the_title_is_checked_and_published_with()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        // The split counted the frames itself: 355 + 360 frames over 11.8 s + 12 s.
        var split = ChunkSummary.Of(TestPlans.Chunks(2)) with { FrameCount = 715, Duration = TimeSpan.FromSeconds(23.8) };
        harness.Split = _ => split;

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Same(split, outcome.Chunks);
        Assert.Equal(["1080p", "720p"], harness.Inputs<RenditionCheckRequest>("media-check-rendition").Select(c => c.Rendition));
        Assert.All(harness.Inputs<RenditionCheckRequest>("media-check-rendition"), c => Assert.Equal(WorkflowHarness.PlanId, c.PlanId));
    }

    [Fact]
    public async Task Fails_with_the_analysis_failure_and_does_nothing_else()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        var failure = new MediaFailure(MediaFailureCode.NotMedia, "The file is not a video.");
        harness.Analysis = new AnalysisResult(failure, null, null);

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.False(outcome.Succeeded);
        Assert.Same(failure, outcome.Failure);
        Assert.Null(outcome.Plan);
        Assert.Equal(["analyzing 0/0"], harness.Log);
        Assert.Equal(0, harness.CallCount("media-split"));
    }

    [Fact]
    public async Task Analysis_without_a_plan_is_a_processing_failure()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.Analysis = new AnalysisResult(null, null, null);

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.ProcessingFailed, outcome.Failure?.Code);
        Assert.Equal("Analysis produced no plan.", outcome.Failure?.Reason);
        Assert.Equal(0, harness.CallCount("media-split"));
    }

    [Fact]
    public async Task Failed_rendition_checks_fail_the_output_check()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.CheckRendition = request => new StreamCheck(
            request.Rendition, 720, TimeSpan.Zero, TimeSpan.FromSeconds(24), request.Rendition == "720p" ? ["3 frames missing"] : []);

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.OutputCheckFailed, outcome.Failure?.Code);
        Assert.Equal("The output failed its checks: 720p: 3 frames missing", outcome.Failure?.Reason);
        Assert.NotNull(outcome.Plan);
        Assert.NotNull(outcome.Stitch);
        Assert.False(outcome.Checks.Single(c => c.Name == "720p").Passed);
        Assert.DoesNotContain(harness.Statuses, s => s.Stage == TranscodeStages.Done);
    }

    [Fact]
    public async Task Audio_ending_apart_from_the_video_fails_the_output_check()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.CheckAudio = _ => new StreamCheck("audio", 0, TimeSpan.Zero, TimeSpan.FromSeconds(24.12), []);

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.OutputCheckFailed, outcome.Failure?.Code);
        Assert.Equal("The output failed its checks: audio ends 120 ms from the video", outcome.Failure?.Reason);
    }

    [Fact]
    public async Task Only_the_first_five_problems_are_reported()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.CheckRendition = request => new StreamCheck(request.Rendition, 0, TimeSpan.Zero, TimeSpan.FromSeconds(24), ["p1", "p2", "p3", "p4"]);

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal("The output failed its checks: 1080p: p1; 1080p: p2; 1080p: p3; 1080p: p4; 720p: p1", outcome.Failure?.Reason);
    }

    [Fact]
    public async Task A_failed_activity_becomes_a_processing_failure()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(3));
        harness.TranscodeChunk = request => request.Index == 1
            ? Task.FromException<ChunkResult>(new ActivityFailedException("media-transcode-chunk", "Chunk 1: x264 crashed."))
            : Task.FromResult(new ChunkResult(request.Index, 3, 1000));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(new MediaFailure(MediaFailureCode.ProcessingFailed, "Chunk 1: x264 crashed."), outcome.Failure);
        Assert.Same(harness.Analysis.Plan, outcome.Plan);
        Assert.Equal(0, harness.CallCount("media-check-rendition"));
        Assert.Contains("abandon", harness.Log);
    }

    [Fact]
    public async Task A_failed_split_becomes_a_processing_failure()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(3));
        harness.Split = _ => throw new ActivityFailedException("media-split", "Splitting failed.");

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.ProcessingFailed, outcome.Failure?.Code);
        Assert.Equal("Splitting failed.", outcome.Failure?.Reason);
        Assert.Equal(0, harness.CallCount("media-transcode-chunk"));
    }

    [Fact]
    public async Task A_failed_audio_encode_becomes_a_processing_failure()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: true), TestPlans.Chunks(2));
        harness.EncodeAudio = _ => Task.FromException<AudioResult>(new ActivityFailedException("media-encode-audio", "The source's audio is damaged."));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(new MediaFailure(MediaFailureCode.ProcessingFailed, "The source's audio is damaged."), outcome.Failure);
        Assert.Empty(harness.Stitches);
    }

    [Fact]
    public async Task Runs_end_to_end_on_the_in_process_context()
    {
        var plan = TestPlans.Plan();
        var chunks = TestPlans.Chunks(5);
        var registry = StubRegistry(plan, chunks, chunk => Task.FromResult(new ChunkResult(chunk.Index, chunk.SegmentCount, 10)));
        var statuses = new List<WorkflowStatus>();
        using var context = new InProcessWorkflowContext("job", new RegistryActivityInvoker(registry), 2, s =>
        {
            lock (statuses)
            {
                statuses.Add(s);
            }
        }, CancellationToken.None);

        var outcome = await TranscodeWorkflow.RunAsync(context, Job);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.True(outcome.Stitch!.IsComplete);
        Assert.Equal(new WorkflowStatus(TranscodeStages.Done, 5, 5), context.Status);
        Assert.Equal(new WorkflowStatus(TranscodeStages.Analyzing, 0, 0), statuses[0]);
    }

    [Fact]
    public async Task A_media_failure_in_a_chunk_fails_the_run_with_its_own_code()
    {
        var plan = TestPlans.Plan();
        var chunks = TestPlans.Chunks(3);
        var attempts = 0;
        var registry = StubRegistry(plan, chunks, chunk =>
        {
            if (chunk.Index != 2)
            {
                return Task.FromResult(new ChunkResult(chunk.Index, chunk.SegmentCount, 10));
            }

            Interlocked.Increment(ref attempts);
            throw new MediaProcessingException(new MediaFailure(MediaFailureCode.Damaged, "The source is damaged between 24.0 s and 36.0 s."));
        });
        using var context = new InProcessWorkflowContext("job", new RegistryActivityInvoker(registry), 2, null, CancellationToken.None);

        var outcome = await TranscodeWorkflow.RunAsync(context, Job);

        // The failure's code survives the trip through the activity's exception message.
        Assert.Equal(MediaFailureCode.Damaged, outcome.Failure?.Code);
        Assert.Equal("The source is damaged between 24.0 s and 36.0 s.", outcome.Failure?.Reason);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_long_title_runs_its_chunks_as_child_workflows_and_publishes_per_step()
    {
        const int ChunkCount = 400;
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(ChunkCount));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job, maxChunksInFlight: 64);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        var units = ChunkUnits.Plan(ChunkCount, 64);
        Assert.Equal(units.Where(u => u.Count > 1).Select(u => $"child chunks-{u.First:D5}"), harness.Log.Where(e => e.StartsWith("child ", StringComparison.Ordinal)));
        Assert.Equal(ChunkCount, harness.CallCount("media-transcode-chunk"));
        Assert.Equal(Enumerable.Range(0, ChunkCount), harness.Inputs<ChunkRequest>("media-transcode-chunk").Select(r => r.Index).Order());

        // Steps finishing in order each grow the published run: one stitch and one progress report per step, far
        // fewer than chunks.
        Assert.Equal(units.Select(u => $"stitch {u.First + u.Count}/{ChunkCount}"), harness.Stitches);
        Assert.Equal(units.Count + 1, harness.Statuses.Count(s => s.Stage == TranscodeStages.Transcoding));
    }

    [Fact]
    public async Task A_chunk_failing_for_good_gives_the_job_up_and_waits_for_its_running_siblings()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(4));
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.TranscodeChunk = request => gates[request.Index].Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job);
        gates[1].SetException(new ActivityFailedException("media-transcode-chunk", "media-damaged: The source is damaged at 12.0 s."));
        await harness.WaitForLogAsync("abandon");

        // The job is given up while chunks 0, 2 and 3 still run: the run must not end (and let the folder be cleared) under them.
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        foreach (var index in new[] { 0, 2, 3 })
        {
            gates[index].SetException(new ActivityFailedException("media-transcode-chunk", new JobAbandonedException().Message));
        }

        var outcome = await run;

        Assert.Equal(new MediaFailure(MediaFailureCode.Damaged, "The source is damaged at 12.0 s."), outcome.Failure);
        Assert.All(harness.AllCalls, call => Assert.True(call.IsCompleted));
        Assert.Empty(harness.Stitches);
    }

    [Fact]
    public async Task The_failure_that_caused_the_others_is_the_reason_whatever_order_they_arrive_in()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(3));
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        harness.TranscodeChunk = request => gates[request.Index].Task;

        // Chunk 0 was stopped because chunk 2 failed, but the workflow hears of chunk 0 first.
        var run = TranscodeWorkflow.RunAsync(harness, Job);
        gates[0].SetException(new ActivityFailedException("media-transcode-chunk", new JobAbandonedException("The job was abandoned while this step ran.").Message));
        gates[1].SetResult(new ChunkResult(1, 3, 1000, []));
        gates[2].SetException(new ActivityFailedException("media-transcode-chunk", "media-damaged: The source is damaged at 24.0 s."));

        var outcome = await run;

        Assert.Equal(new MediaFailure(MediaFailureCode.Damaged, "The source is damaged at 24.0 s."), outcome.Failure);
    }

    [Fact]
    public async Task A_failing_chunk_inside_a_child_workflow_gives_the_job_up_before_the_child_fails()
    {
        const int ChunkCount = 200;
        var harness = new WorkflowHarness(TestPlans.Plan(withAudio: false), TestPlans.Chunks(ChunkCount));
        var batch = ChunkUnits.Plan(ChunkCount, 64).First(u => u.Count > 2);
        var gates = new System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource<ChunkResult>>();
        harness.TranscodeChunk = request => request.Index == batch.First + 1
            ? Task.FromException<ChunkResult>(new ActivityFailedException("media-transcode-chunk", "media-damaged: broken"))
            : gates.GetOrAdd(request.Index, _ => new TaskCompletionSource<ChunkResult>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        var run = TranscodeWorkflow.RunAsync(harness, Job, maxChunksInFlight: 64);
        await harness.WaitForLogAsync("abandon");

        // The job is given up while the batch's other chunks (and the other steps') still run: nothing has failed yet.
        Assert.False(run.IsCompleted);
        Assert.Contains(gates.Keys, i => i == batch.First);
        foreach (var gate in gates.Values)
        {
            gate.TrySetException(new ActivityFailedException("media-transcode-chunk", new JobAbandonedException().Message));
        }

        var outcome = await run;

        Assert.Equal(new MediaFailure(MediaFailureCode.Damaged, "broken"), outcome.Failure);
        Assert.All(harness.AllCalls, call => Assert.True(call.IsCompleted));
        Assert.Equal(0, harness.CallCount("media-check-rendition"));
    }

    [Fact]
    public async Task A_chunk_whose_decode_found_errors_fails_the_output_check_with_its_index()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(3));
        harness.TranscodeChunk = request => Task.FromResult(new ChunkResult(
            request.Index, 3, 1000, request.Index == 2 ? ["720p: decoding reported 4 error(s), first: corrupt frame"] : []));

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.OutputCheckFailed, outcome.Failure?.Code);
        Assert.Equal("The output failed its checks: chunk 2: 720p: decoding reported 4 error(s), first: corrupt frame", outcome.Failure?.Reason);
    }

    [Fact]
    public async Task An_unexpected_error_in_the_run_still_ends_it_as_a_failure_after_the_running_steps()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.CheckRendition = _ => throw new InvalidOperationException("Sequence contains no elements");

        var outcome = await TranscodeWorkflow.RunAsync(harness, Job);

        Assert.Equal(MediaFailureCode.ProcessingFailed, outcome.Failure?.Code);
        Assert.Equal("The pipeline stopped: Sequence contains no elements", outcome.Failure?.Reason);
        Assert.Contains("abandon", harness.Log);
        Assert.All(harness.AllCalls, call => Assert.True(call.IsCompleted));
    }

    private static ActivityRegistry StubRegistry(TranscodePlan plan, ChunkPlan chunks, Func<ChunkSpec, Task<ChunkResult>> transcode)
    {
        var summary = ChunkSummary.Of(chunks);
        return new ActivityRegistry()
            .Register(MediaActivities.Analyze, (_, _) => Task.FromResult(new AnalysisResult(null, plan, summary, "plan")))
            .Register(MediaActivities.Split, (_, _) => Task.FromResult(summary))
            .Register(MediaActivities.EncodeAudio, (_, _) => Task.FromResult(new AudioResult(15, 1, TimeSpan.FromSeconds(60))))
            .Register(MediaActivities.TranscodeChunk, (r, _) => transcode(chunks.Chunks[r.Index]))
            .Register(MediaActivities.Stitch, (r, _) => Task.FromResult(new StitchResult(r.ReadyChunks, summary.Count, TimeSpan.Zero)))
            .Register(MediaActivities.CheckRendition, (r, _) => Task.FromResult(new StreamCheck(r.Rendition, summary.FrameCount, TimeSpan.Zero, summary.Duration, [])))
            .Register(MediaActivities.CheckAudio, (_, _) => Task.FromResult(new StreamCheck("audio", 0, TimeSpan.Zero, summary.Duration, [])))
            .Register(MediaActivities.Thumbnails, (_, _) => Task.FromResult(new ThumbnailResult("p.jpg", "s.vtt", [], 160, 90, TimeSpan.FromSeconds(1), 0)))
            .Register(MediaActivities.Abandon, (_, _) => Task.FromResult(true));
    }
}
