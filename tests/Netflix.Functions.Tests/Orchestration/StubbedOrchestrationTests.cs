using Microsoft.DurableTask.Client;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Orchestration;

/// <summary>The app's real orchestrator on the in-process Durable test host, over activities that answer at once.</summary>
public sealed class StubbedOrchestrationTests
{
    [Fact]
    public async Task A_title_runs_through_every_step_and_publishes()
    {
        var stubs = new StubActivities(chunks: 12);
        var functions = new ActivityFunctions(stubs.Registry());
        await using var app = await DurableApp.StartAsync(typeof(ActivityFunctions).Assembly, _ => functions);

        var request = new IngestRequest("video-1", "sources/video-1/original.mp4", 1);
        await IngestStart.StartAsync(app.Client, request, CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instance = await app.Client.WaitForInstanceCompletionAsync(request.InstanceId, getInputsAndOutputs: true, patience.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.True(instance.ReadOutputAs<TranscodeOutcome>()!.Succeeded);
        Assert.Equal(12, stubs.CallsOf(MediaActivities.Names.TranscodeChunk));
        Assert.Equal(1, stubs.CallsOf(IngestActivities.Names.Publish));
    }
}
