using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Netflix.Core.Ingest;
using Netflix.Core.Videos;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Testing;

namespace Netflix.Functions.Tests.Ingest;

/// <summary>The safety net under the workflow: the app's sweep function over the Durable client and the emulators.</summary>
[Collection(EmulatorsCollection.Name)]
public sealed class SweepTests(Emulators emulators) : IDisposable
{
    private static readonly Dictionary<string, string?> SweepAtOnce = new() { ["Ingest:StalledAfter"] = "00:00:00" };

    private readonly TempFolder _clips = new("netflix-clips");

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task A_video_whose_run_was_terminated_is_marked_failed_and_a_running_one_is_left_alone()
    {
        // The run is held in its first step, so it stays running until the test terminates it.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var ingest = await AzureIngest.StartAsync(emulators, registry => registry.Decorate(
            IngestActivities.MarkProcessing, inner => async (request, token) =>
            {
                await held.Task;
                return await inner(request, token);
            }), SweepAtOnce);
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("held.mp4"), "320x180", 2), "Terminated");
        await ingest.DeliverAsync(ingest.BlobCreated(video));
        var instanceId = new IngestRequest(video.Id, video.SourceKey!, video.Attempt).InstanceId;
        await ingest.Client.WaitForInstanceStartAsync(instanceId, CancellationToken.None);

        await SweepAsync(ingest);
        Assert.Equal(VideoStatus.Uploaded, (await ingest.FindAsync(video.Id)).Status);

        // Terminated while its step runs; the step then marks the video processing, and nothing will ever finish it.
        await ingest.Client.TerminateInstanceAsync(instanceId, CancellationToken.None);
        await ingest.WaitAsync(video);
        held.SetResult();
        await WaitForAsync(async () => (await ingest.FindAsync(video.Id)).Status == VideoStatus.Processing);

        await SweepAsync(ingest);

        var failed = await ingest.FindAsync(video.Id);
        Assert.Equal(VideoStatus.Failed, failed.Status);
        Assert.Equal("media-processing-failed", failed.FailureCode);
        Assert.Contains("reprocess", failed.FailureReason, StringComparison.Ordinal);
        Assert.Empty(ingest.WorkLeftovers(video.Id));
    }

    [Fact]
    public async Task An_uploaded_video_whose_start_was_lost_is_started()
    {
        await using var ingest = await AzureIngest.StartAsync(emulators, settings: SweepAtOnce);
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("lost.mp4"), "320x180", 2), "Its event was lost");

        await SweepAsync(ingest);
        var instance = await ingest.WaitAsync(video);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(VideoStatus.Ready, (await ingest.FindAsync(video.Id)).Status);
    }

    private static Task SweepAsync(AzureIngest ingest)
        => new SweepFunction(ingest.Edition.Get<StalledRuns>(), ingest.Edition.Get<IConfiguration>(), NullLogger<SweepFunction>.Instance)
            .Sweep(new Microsoft.Azure.Functions.Worker.TimerInfo(), ingest.Client, CancellationToken.None);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The condition never held.");
            await Task.Delay(100);
        }
    }
}
