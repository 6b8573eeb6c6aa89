using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;
using Netflix.Functions.Tests.Fixtures;

namespace Netflix.Functions.Tests.Ingest;

/// <summary>The shared work folder is cleared by the run the video is on, never by a stale one.</summary>
[Collection(EmulatorsCollection.Name)]
public sealed class WorkspaceCleanUpTests(Emulators emulators)
{
    [Fact]
    public async Task A_stale_attempt_ending_leaves_the_current_attempts_work_alone()
    {
        await using var edition = await emulators.StartEditionAsync();
        var catalog = edition.Get<ICatalog>();
        var video = await catalog.AddVideoAsync(
            new Video
            {
                Id = Ids.New(),
                Title = "Reprocessed",
                UploadedBy = "ada",
                Status = VideoStatus.Processing,
                SourceKey = "sources/x/original.mp4",
                Attempt = 2,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);
        var work = Path.Combine(edition.WorkFolder, "media", video.Id, "work", "chunks", "chunk_00000.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(work)!);
        await File.WriteAllTextAsync(work, "attempt 2's chunk");
        var registry = edition.Get<ActivityRegistry>();
        var failure = new MediaFailure(MediaFailureCode.Damaged, "x");

        // Attempt 1's run ends late (a redelivered step): attempt 2 is running on the same folder.
        await registry.InvokeAsync(IngestActivities.MarkFailed, new FailureUpdate(video.Id, 1, failure), CancellationToken.None);
        Assert.True(File.Exists(work));
        Assert.Equal(VideoStatus.Processing, (await catalog.FindVideoAsync(video.Id, CancellationToken.None))!.Status);

        await registry.InvokeAsync(IngestActivities.MarkFailed, new FailureUpdate(video.Id, 2, failure), CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(edition.WorkFolder, "media", video.Id)));
        Assert.Equal(VideoStatus.Failed, (await catalog.FindVideoAsync(video.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_published_video_is_never_marked_failed_after_the_fact()
    {
        await using var edition = await emulators.StartEditionAsync();
        var catalog = edition.Get<ICatalog>();
        var video = await catalog.AddVideoAsync(
            new Video
            {
                Id = Ids.New(),
                Title = "Published",
                UploadedBy = "ada",
                Status = VideoStatus.Ready,
                SourceKey = "sources/y/original.mp4",
                Attempt = 1,
                Renditions = [new RenditionInfo("240p", 426, 240, 400, "h264")],
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);

        // A sweep that saw it processing a moment ago, or a publish whose clean-up failed, asks to fail it.
        var changed = await edition.Get<ActivityRegistry>().InvokeAsync(
            IngestActivities.MarkFailed, new FailureUpdate(video.Id, 1, new MediaFailure(MediaFailureCode.ProcessingFailed, "stalled")), CancellationToken.None);

        Assert.False(changed);
        var after = await catalog.FindVideoAsync(video.Id, CancellationToken.None);
        Assert.Equal(VideoStatus.Ready, after!.Status);
        Assert.Single(after.Renditions);
    }
}
