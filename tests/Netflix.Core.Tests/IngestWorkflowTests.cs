using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

public sealed class IngestWorkflowTests
{
    private static readonly IngestRequest Request = new("video-1", "uploads/video-1.mp4", 1);

    [Fact]
    public async Task A_good_title_is_marked_processing_then_published()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));

        var outcome = await IngestWorkflow.RunAsync(harness, Request);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        var steps = harness.Log.Where(e => e.StartsWith("video-", StringComparison.Ordinal) && e != IngestActivities.Names.RecordProgress).ToList();
        Assert.Equal([IngestActivities.Names.MarkProcessing, IngestActivities.Names.Publish], steps);
        var publish = Assert.Single(harness.Inputs<PublishRequest>(IngestActivities.Names.Publish));
        Assert.Equal(["1080p", "720p"], publish.Renditions.Select(r => r.Name));
    }

    [Fact]
    public async Task A_media_failure_marks_the_video_failed_with_its_code()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.Analysis = new AnalysisResult(new MediaFailure(MediaFailureCode.NotMedia, "Not a video."), null, null);

        await IngestWorkflow.RunAsync(harness, Request);

        var failed = Assert.Single(harness.Inputs<FailureUpdate>(IngestActivities.Names.MarkFailed));
        Assert.Equal(new FailureUpdate("video-1", 1, new MediaFailure(MediaFailureCode.NotMedia, "Not a video.")), failed);
        Assert.Equal(0, harness.CallCount(IngestActivities.Names.Publish));
    }

    [Fact]
    public async Task A_step_that_fails_outside_the_transcode_still_ends_the_video_failed()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.IngestStep = step => step == IngestActivities.Names.Publish
            ? Task.FromException<bool>(new ActivityFailedException(step, "The search index refused the document."))
            : Task.FromResult(true);

        var outcome = await IngestWorkflow.RunAsync(harness, Request);

        Assert.Equal("The search index refused the document.", outcome.Failure?.Reason);
        Assert.Equal("The search index refused the document.", Assert.Single(harness.Inputs<FailureUpdate>(IngestActivities.Names.MarkFailed)).Failure.Reason);
    }

    [Fact]
    public async Task An_error_that_is_not_an_activity_failure_ends_the_video_failed_too()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(2));
        harness.IngestStep = step => step == IngestActivities.Names.MarkProcessing
            ? throw new InvalidOperationException("The input could not be read.")
            : Task.FromResult(true);

        var outcome = await IngestWorkflow.RunAsync(harness, Request);

        Assert.Equal(new MediaFailure(MediaFailureCode.ProcessingFailed, "The pipeline stopped: The input could not be read."), outcome.Failure);
        Assert.Single(harness.Inputs<FailureUpdate>(IngestActivities.Names.MarkFailed));
    }

    [Fact]
    public async Task Marking_failed_keeps_trying_through_a_catalog_outage()
    {
        // On the in-process engine with the real retry policy's count: a catalog that fails 5 times then answers.
        var failures = 0;
        var registry = new ActivityRegistry()
            .Register(IngestActivities.MarkProcessing, (_, _) => Task.FromResult(true))
            .Register(IngestActivities.RecordProgress, (_, _) => Task.FromResult(true))
            .Register(MediaActivities.Analyze, (_, _) => Task.FromResult(new AnalysisResult(new MediaFailure(MediaFailureCode.NotMedia, "x"), null, null)))
            .Register(IngestActivities.MarkFailed, (_, _) => ++failures <= 5 ? throw new IOException("catalog unavailable") : Task.FromResult(true));
        var quick = new Activity<FailureUpdate, bool>(
            IngestActivities.MarkFailed.Name, new RetryPolicy(IngestActivities.MarkFailed.Retry!.MaxAttempts, TimeSpan.FromMilliseconds(1)), ActivityCost.Light);

        // The policy itself: more than five tries, waits capped, most of an hour in all.
        var policy = IngestActivities.MarkFailed.Retry!;
        Assert.True(policy.MaxAttempts > 5);
        var patience = Enumerable.Range(2, policy.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + policy.DelayBefore(attempt));
        Assert.InRange(patience, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90));

        using var context = new InProcessWorkflowContext("i", new RegistryActivityInvoker(registry), 1, null, CancellationToken.None);
        Assert.True(await context.CallAsync(quick, new FailureUpdate("v", 1, new MediaFailure(MediaFailureCode.NotMedia, "x"))));
        Assert.Equal(6, failures);
    }
}
