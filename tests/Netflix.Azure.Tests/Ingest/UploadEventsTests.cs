using Netflix.Azure.Ingest;
using Netflix.Core.Videos;
using Netflix.Local.Catalog;
using Netflix.Testing;

namespace Netflix.Azure.Tests.Ingest;

/// <summary>BlobCreated events, as Event Grid delivers them, turned into ingest runs against a real catalog.</summary>
public sealed class UploadEventsTests : IDisposable
{
    private readonly TempFolder _folder = new("netflix-events");
    private readonly SqliteCatalog _catalog;

    public UploadEventsTests() => _catalog = new SqliteCatalog(new SqliteDatabase(_folder.Combine("catalog.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_committed_source_starts_its_videos_current_attempt_and_a_duplicate_names_the_same_run()
    {
        await AddAsync("vid_1", "sources/vid_1/original.mp4", VideoStatus.Uploaded, attempt: 2);
        var events = new UploadEvents(_catalog);
        var json = EventGrid("/blobServices/default/containers/uploads/blobs/sources/vid_1/original.mp4");

        var first = await events.ToIngestRequestAsync(json, CancellationToken.None);
        var again = await events.ToIngestRequestAsync("[" + json + "]", CancellationToken.None);

        Assert.Equal(("vid_1", "sources/vid_1/original.mp4", 2), (first!.VideoId, first.SourceKey, first.Attempt));
        Assert.Equal(first.InstanceId, again!.InstanceId);
    }

    [Fact]
    public async Task Cloud_events_are_read_as_well()
    {
        await AddAsync("vid_2", "sources/vid_2/original.mov", VideoStatus.Uploaded, attempt: 1);
        var json = """{"specversion":"1.0","type":"Microsoft.Storage.BlobCreated","source":"/subscriptions/x","id":"1","subject":"/blobServices/default/containers/uploads/blobs/sources/vid_2/original.mov","data":{}}""";

        var request = await new UploadEvents(_catalog).ToIngestRequestAsync(json, CancellationToken.None);

        Assert.Equal("vid_2-1", request!.InstanceId);
    }

    [Theory]
    [InlineData("/blobServices/default/containers/media/blobs/sources/vid_3/original.mp4")]
    [InlineData("/blobServices/default/containers/uploads/blobs/staging/vid_3/original.mp4")]
    [InlineData("/blobServices/default/containers/uploads/blobs/sources/../../etc/original.mp4")]
    [InlineData("/blobServices/default/containers/uploads/blobs/sources/vid_3/other.mp4")]
    [InlineData("/blobServices/default/containers/uploads/blobs/sources/unknown_video/original.mp4")]
    public async Task Other_blobs_and_unknown_videos_start_nothing(string subject)
    {
        await AddAsync("vid_3", "sources/vid_3/original.mp4", VideoStatus.Uploaded, attempt: 1);

        Assert.Null(await new UploadEvents(_catalog).ToIngestRequestAsync(EventGrid(subject), CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/uploads/blobs/sources/vid_4/original.mp4"}""")]
    public async Task Malformed_or_other_events_start_nothing(string json)
    {
        await AddAsync("vid_4", "sources/vid_4/original.mp4", VideoStatus.Uploaded, attempt: 1);

        Assert.Null(await new UploadEvents(_catalog).ToIngestRequestAsync(json, CancellationToken.None));
    }

    [Fact]
    public async Task A_video_already_ready_or_failed_is_not_started_again_by_a_late_event()
    {
        await AddAsync("vid_5", "sources/vid_5/original.mp4", VideoStatus.Ready, attempt: 1);
        await AddAsync("vid_6", "sources/vid_6/original.mp4", VideoStatus.Failed, attempt: 1);
        var events = new UploadEvents(_catalog);

        Assert.Null(await events.ToIngestRequestAsync(EventGrid("/blobServices/default/containers/uploads/blobs/sources/vid_5/original.mp4"), CancellationToken.None));
        Assert.Null(await events.ToIngestRequestAsync(EventGrid("/blobServices/default/containers/uploads/blobs/sources/vid_6/original.mp4"), CancellationToken.None));
    }

    private static string EventGrid(string subject)
        => $$"""{"id":"e1","eventType":"Microsoft.Storage.BlobCreated","subject":"{{subject}}","eventTime":"2026-11-24T00:00:00Z","data":{"api":"PutBlockList"},"dataVersion":"1"}""";

    private Task<Video> AddAsync(string id, string key, VideoStatus status, int attempt) => _catalog.AddVideoAsync(
        new Video
        {
            Id = id,
            Title = id,
            UploadedBy = "admin",
            Status = status,
            SourceKey = key,
            Attempt = attempt,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        },
        CancellationToken.None);
}
