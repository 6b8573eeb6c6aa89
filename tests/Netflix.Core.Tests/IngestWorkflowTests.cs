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
    public void Marking_failed_and_publishing_keep_trying_for_most_of_an_hour()
    {
        foreach (var policy in new[] { IngestActivities.MarkFailed.Retry!, IngestActivities.Publish.Retry! })
        {
            var patience = Enumerable.Range(2, policy.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + policy.DelayBefore(attempt));
            Assert.InRange(patience, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90));
            Assert.True(policy.MaxDelay <= TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task A_progress_report_the_catalog_refuses_does_not_fail_the_title()
    {
        var harness = new WorkflowHarness(TestPlans.Plan(), TestPlans.Chunks(3));
        harness.IngestStep = step => step == IngestActivities.Names.RecordProgress
            ? Task.FromException<bool>(new ActivityFailedException(step, "The catalog is unavailable."))
            : Task.FromResult(true);

        var outcome = await IngestWorkflow.RunAsync(harness, Request);

        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        Assert.Single(harness.Inputs<PublishRequest>(IngestActivities.Names.Publish));
        Assert.Empty(harness.Inputs<FailureUpdate>(IngestActivities.Names.MarkFailed));
    }
}
