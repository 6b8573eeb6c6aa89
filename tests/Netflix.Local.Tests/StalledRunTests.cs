using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Core.Ingest;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Local.Workflow;
using Netflix.Testing;

namespace Netflix.Local.Tests;

/// <summary>At start the local engine finishes what a run left undone: the same sweep the Azure edition runs on a timer.</summary>
public sealed class StalledRunTests : IDisposable
{
    private readonly TempFolder _data = new("netflix-stalled");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task A_video_left_processing_by_a_run_that_ended_is_marked_failed_when_the_host_starts()
    {
        var video = new Video
        {
            Id = Ids.New(),
            Title = "Left processing",
            UploadedBy = "admin-1",
            Status = VideoStatus.Processing,
            SourceKey = "sources/x/original.mp4",
            Attempt = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using (var first = await StartAsync())
        {
            await first.Services.GetRequiredService<ICatalog>().AddVideoAsync(video, CancellationToken.None);
            var store = first.Services.GetRequiredService<SqliteWorkflowStore>();
            var request = new IngestRequest(video.Id, video.SourceKey, video.Attempt);
            await store.TryCreateAsync(request.InstanceId, IngestWorkflow.Name, System.Text.Json.JsonSerializer.Serialize(request), CancellationToken.None);
            await store.FinishAsync(request.InstanceId, "failed", "stopped outside the workflow", CancellationToken.None);
        }

        await using var second = await StartAsync();

        var swept = await second.Services.GetRequiredService<ICatalog>().FindVideoAsync(video.Id, CancellationToken.None);
        Assert.Equal(VideoStatus.Failed, swept!.Status);
        Assert.Equal("media-processing-failed", swept.FailureCode);
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(PlatformHost.Settings(_data.Path));
        builder.AddLocalHost();
        var app = builder.Build();
        app.UseLocalHost();
        await app.StartAsync();
        return app;
    }
}
