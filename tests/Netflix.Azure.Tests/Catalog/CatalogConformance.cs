using System.Text.Json;
using Netflix.Core.Errors;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>
/// The contract of <see cref="ICatalog"/>, run against every edition's adapter: each subclass supplies a fresh, empty
/// catalog per test.
/// </summary>
public abstract class CatalogConformance : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    protected ICatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync() => Catalog = await CreateCatalogAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_video_round_trips_with_every_field()
    {
        var video = FullVideo("full");

        var added = await Catalog.AddVideoAsync(video, None);
        var found = await Catalog.FindVideoAsync("full", None);

        Assert.NotNull(found);
        Assert.NotEmpty(added.ETag);
        Assert.Equal(added.ETag, found.ETag);
        AssertSameVideo(video, found);
        AssertSameVideo(video, added);
    }

    [Fact]
    public async Task Unknown_ids_find_nothing()
    {
        await Catalog.AddVideoAsync(NewVideo("known", T0), None);
        await Catalog.UpsertUserAsync(new User("known", "Known", UserRole.Viewer, T0), None);
        await Catalog.SavePositionAsync(new WatchPosition("known", "known", TimeSpan.FromSeconds(1), T0), None);
        await Catalog.AddUploadAsync(NewUpload("known", "known"), None);

        Assert.Null(await Catalog.FindVideoAsync("unknown", None));
        Assert.Null(await Catalog.FindUserAsync("unknown", None));
        Assert.Null(await Catalog.FindPositionAsync("known", "unknown", None));
        Assert.Null(await Catalog.FindPositionAsync("unknown", "known", None));
        Assert.Null(await Catalog.FindUploadAsync("unknown", None));
        Assert.Empty(await Catalog.ListChunksAsync("unknown", None));
        Assert.Empty(await Catalog.ListOpenUploadsAsync("unknown", None));
    }

    [Fact]
    public async Task Adding_a_video_with_a_taken_id_is_a_conflict()
    {
        await Catalog.AddVideoAsync(NewVideo("taken", T0) with { Title = "First" }, None);

        var error = await Assert.ThrowsAsync<AppException>(() => Catalog.AddVideoAsync(NewVideo("taken", T0) with { Title = "Second" }, None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal("video-exists", error.Code);
        Assert.Equal("First", (await Catalog.FindVideoAsync("taken", None))!.Title);
    }

    [Fact]
    public async Task Replacing_a_video_needs_the_etag_it_was_read_with()
    {
        var added = await Catalog.AddVideoAsync(NewVideo("v", T0), None);
        var read = (await Catalog.FindVideoAsync("v", None))!;

        var replaced = await Catalog.ReplaceVideoAsync(read with { Title = "Renamed", Status = VideoStatus.Processing }, None);

        Assert.NotEqual(added.ETag, replaced.ETag);
        var found = (await Catalog.FindVideoAsync("v", None))!;
        Assert.Equal(replaced.ETag, found.ETag);
        Assert.Equal("Renamed", found.Title);
        Assert.Equal(VideoStatus.Processing, found.Status);

        // A second writer that read before the first wrote loses, and changes nothing.
        await Assert.ThrowsAsync<ConcurrencyException>(() => Catalog.ReplaceVideoAsync(read with { Title = "Stale" }, None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Catalog.ReplaceVideoAsync(read with { Title = "Blank", ETag = string.Empty }, None));
        Assert.Equal("Renamed", (await Catalog.FindVideoAsync("v", None))!.Title);

        var again = await Catalog.ReplaceVideoAsync(found with { Title = "Again" }, None);
        Assert.NotEqual(replaced.ETag, again.ETag);
        Assert.Equal("Again", (await Catalog.FindVideoAsync("v", None))!.Title);
    }

    [Fact]
    public async Task Replacing_a_deleted_video_is_not_found()
    {
        var added = await Catalog.AddVideoAsync(NewVideo("gone", T0), None);
        await Catalog.DeleteVideoAsync("gone", None);

        var error = await Assert.ThrowsAsync<AppException>(() => Catalog.ReplaceVideoAsync(added with { Title = "Back" }, None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("video-not-found", error.Code);
        Assert.Null(await Catalog.FindVideoAsync("gone", None));
    }

    [Fact]
    public async Task Deleting_a_video_removes_its_watch_positions_and_nothing_else()
    {
        await Catalog.AddVideoAsync(NewVideo("doomed", T0), None);
        await Catalog.AddVideoAsync(NewVideo("kept", T0), None);
        foreach (var user in new[] { "ann", "bob" })
        {
            await Catalog.SavePositionAsync(new WatchPosition(user, "doomed", TimeSpan.FromSeconds(5), T0), None);
            await Catalog.SavePositionAsync(new WatchPosition(user, "kept", TimeSpan.FromSeconds(7), T0), None);
        }

        await Catalog.DeleteVideoAsync("doomed", None);
        await Catalog.DeleteVideoAsync("doomed", None);
        await Catalog.DeleteVideoAsync("never-was", None);

        Assert.Null(await Catalog.FindVideoAsync("doomed", None));
        Assert.Null(await Catalog.FindPositionAsync("ann", "doomed", None));
        Assert.Null(await Catalog.FindPositionAsync("bob", "doomed", None));
        Assert.NotNull(await Catalog.FindVideoAsync("kept", None));
        Assert.Equal(TimeSpan.FromSeconds(7), (await Catalog.FindPositionAsync("ann", "kept", None))!.Position);
        Assert.Equal(TimeSpan.FromSeconds(7), (await Catalog.FindPositionAsync("bob", "kept", None))!.Position);
    }

    [Fact]
    public async Task Videos_list_newest_first_across_pages()
    {
        var expected = await AddListFixtureAsync();

        var pages = await ReadAllPagesAsync(null, 3);

        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages.SkipLast(1), p => Assert.NotNull(p.Next));
        Assert.Null(pages[^1].Next);
        Assert.Equal(expected.Select(v => v.Id), pages.SelectMany(p => p.Items).Select(v => v.Id));
        Assert.All(pages.SelectMany(p => p.Items), v => Assert.NotEmpty(v.ETag));
    }

    [Fact]
    public async Task A_status_filter_pages_through_matching_videos_only()
    {
        var expected = (await AddListFixtureAsync()).Where(v => v.Status == VideoStatus.Ready).Select(v => v.Id).ToList();
        Assert.Equal(4, expected.Count);

        var pages = await ReadAllPagesAsync(VideoStatus.Ready, 2);

        // Four matches in pages of two: the second page is the last and says so.
        Assert.Equal([2, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(v => v.Id));
        Assert.All(pages.SelectMany(p => p.Items), v => Assert.Equal(VideoStatus.Ready, v.Status));
        Assert.Empty((await Catalog.ListVideosAsync(VideoStatus.Uploading, 5, null, None)).Items);
    }

    [Fact]
    public async Task An_uploaders_list_pages_through_their_videos_only_newest_first()
    {
        var all = await AddListFixtureAsync();
        var theirs = new[] { "v01", "v03", "v04", "v08", "v09" };
        foreach (var video in all.Where(v => theirs.Contains(v.Id)))
        {
            var read = (await Catalog.FindVideoAsync(video.Id, None))!;
            await Catalog.DeleteVideoAsync(video.Id, None);
            await Catalog.AddVideoAsync(read with { UploadedBy = "ann", ETag = string.Empty }, None);
        }

        var expected = all.Where(v => theirs.Contains(v.Id)).Select(v => v.Id).ToList();
        var pages = new List<Page<Video>>();
        string? next = null;
        do
        {
            var page = await Catalog.ListUploadsAsync("ann", null, 2, next, None);
            pages.Add(page);
            next = page.Next;
            Assert.True(pages.Count <= 10, "The list never ends.");
        }
        while (next is not null);

        // Five of ann's in pages of two; everyone else's stay out, and a status narrows it further.
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(v => v.Id));
        Assert.All(pages.SelectMany(p => p.Items), v => Assert.Equal("ann", v.UploadedBy));
        var ready = await Catalog.ListUploadsAsync("ann", VideoStatus.Ready, 10, null, None);
        Assert.Equal(all.Where(v => theirs.Contains(v.Id) && v.Status == VideoStatus.Ready).Select(v => v.Id), ready.Items.Select(v => v.Id));
        Assert.Empty((await Catalog.ListUploadsAsync("nobody", null, 10, null, None)).Items);
        Assert.Equal(5, (await Catalog.ListUploadsAsync("admin", null, 10, null, None)).Items.Count);
    }

    [Fact]
    public async Task A_page_that_holds_the_rest_has_no_next_token()
    {
        var expected = await AddListFixtureAsync();

        var all = await Catalog.ListVideosAsync(null, 50, null, None);
        var exact = await Catalog.ListVideosAsync(null, expected.Count, null, None);
        var first = await Catalog.ListVideosAsync(null, 5, null, None);
        var second = await Catalog.ListVideosAsync(null, 5, first.Next, None);

        Assert.Null(all.Next);
        Assert.Null(exact.Next);
        Assert.Equal(expected.Select(v => v.Id), all.Items.Select(v => v.Id));
        Assert.Equal(expected.Select(v => v.Id), exact.Items.Select(v => v.Id));
        Assert.NotNull(first.Next);
        Assert.Null(second.Next);
        Assert.Equal(expected.Select(v => v.Id), first.Items.Concat(second.Items).Select(v => v.Id));
    }

    [Fact]
    public async Task A_list_reflects_a_video_added_or_deleted_between_pages()
    {
        await AddListFixtureAsync();
        var first = await Catalog.ListVideosAsync(null, 4, null, None);

        // A newer video sorts before the cursor; deleting a seen one does not shift what follows.
        await Catalog.AddVideoAsync(NewVideo("newest", T0.AddDays(1)), None);
        await Catalog.DeleteVideoAsync(first.Items[0].Id, None);
        var rest = await ReadAllPagesAsync(null, 4, first.Next);

        var seen = first.Items.Concat(rest.SelectMany(p => p.Items)).Select(v => v.Id).ToList();
        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal(10, seen.Count);
        Assert.DoesNotContain("newest", seen);
    }

    [Fact]
    public async Task A_malformed_next_token_is_invalid()
    {
        await AddListFixtureAsync();

        var error = await Assert.ThrowsAsync<AppException>(() => Catalog.ListVideosAsync(null, 3, "not-a-token", None));

        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("list-token-invalid", error.Code);
    }

    [Fact]
    public async Task Users_are_upserted_and_found()
    {
        var user = new User("ann", "Ann", UserRole.Viewer, T0.AddTicks(1234567).ToOffset(TimeSpan.FromHours(-5)));

        Assert.Same(user, await Catalog.UpsertUserAsync(user, None));
        AssertSameJson(user, await Catalog.FindUserAsync("ann", None));

        var promoted = user with { Name = "Ann Admin", Role = UserRole.Admin };
        await Catalog.UpsertUserAsync(promoted, None);
        await Catalog.UpsertUserAsync(new User("bob", "Bob", UserRole.Viewer, T0), None);

        AssertSameJson(promoted, await Catalog.FindUserAsync("ann", None));
        Assert.Equal("Bob", (await Catalog.FindUserAsync("bob", None))!.Name);
    }

    [Fact]
    public async Task Watch_positions_are_kept_per_viewer_and_video_and_overwritten()
    {
        var first = new WatchPosition("ann", "v1", TimeSpan.FromSeconds(42.5), T0);
        await Catalog.SavePositionAsync(first, None);
        await Catalog.SavePositionAsync(new WatchPosition("bob", "v1", TimeSpan.FromSeconds(3), T0), None);
        await Catalog.SavePositionAsync(new WatchPosition("ann", "v2", TimeSpan.FromSeconds(9), T0), None);

        Assert.Equal(first, await Catalog.FindPositionAsync("ann", "v1", None));

        var later = new WatchPosition("ann", "v1", TimeSpan.FromMinutes(3), T0.AddMinutes(5));
        await Catalog.SavePositionAsync(later, None);

        Assert.Equal(later, await Catalog.FindPositionAsync("ann", "v1", None));
        Assert.Equal(TimeSpan.FromSeconds(3), (await Catalog.FindPositionAsync("bob", "v1", None))!.Position);
        Assert.Equal(TimeSpan.FromSeconds(9), (await Catalog.FindPositionAsync("ann", "v2", None))!.Position);
    }

    [Fact]
    public async Task Watch_positions_are_kept_to_the_millisecond()
    {
        await Catalog.SavePositionAsync(new WatchPosition("ann", "v1", TimeSpan.FromTicks(12_345_678), T0.AddTicks(9_876_543)), None);

        var found = (await Catalog.FindPositionAsync("ann", "v1", None))!;

        Assert.Equal(TimeSpan.FromMilliseconds(1234), found.Position);
        Assert.Equal(T0.AddMilliseconds(987), found.UpdatedAt);
    }

    [Fact]
    public async Task An_upload_session_round_trips_and_replaces_only_with_its_etag()
    {
        var upload = NewUpload("up", "ann") with { CreatedAt = T0.AddTicks(77).ToOffset(TimeSpan.FromHours(2)), Sha256 = new string('a', 64) };

        var added = await Catalog.AddUploadAsync(upload, None);
        var read = (await Catalog.FindUploadAsync("up", None))!;

        Assert.NotEmpty(added.ETag);
        Assert.Equal(added.ETag, read.ETag);
        AssertSameJson(upload, read with { ETag = string.Empty });

        var completed = await Catalog.ReplaceUploadAsync(read with { State = UploadState.Completed }, None);

        Assert.NotEqual(read.ETag, completed.ETag);
        Assert.Equal(completed.ETag, (await Catalog.FindUploadAsync("up", None))!.ETag);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Catalog.ReplaceUploadAsync(read with { State = UploadState.Aborted }, None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Catalog.ReplaceUploadAsync(read with { State = UploadState.Aborted, ETag = string.Empty }, None));
        Assert.Equal(UploadState.Completed, (await Catalog.FindUploadAsync("up", None))!.State);
    }

    [Fact]
    public async Task Replacing_an_unknown_upload_is_not_found()
    {
        var added = await Catalog.AddUploadAsync(NewUpload("real", "ann"), None);

        var error = await Assert.ThrowsAsync<AppException>(() => Catalog.ReplaceUploadAsync(added with { Id = "unknown" }, None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("upload-not-found", error.Code);
        Assert.Null(await Catalog.FindUploadAsync("unknown", None));
    }

    [Fact]
    public async Task Adding_an_upload_with_a_taken_id_is_a_conflict()
    {
        await Catalog.AddUploadAsync(NewUpload("taken", "ann"), None);

        var error = await Assert.ThrowsAsync<AppException>(() => Catalog.AddUploadAsync(NewUpload("taken", "bob"), None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal("upload-exists", error.Code);
        Assert.Equal("ann", (await Catalog.FindUploadAsync("taken", None))!.CreatedBy);
    }

    [Fact]
    public async Task Chunks_are_recorded_once_and_listed_in_index_order()
    {
        await Catalog.AddUploadAsync(NewUpload("up", "ann"), None);
        await Catalog.AddUploadAsync(NewUpload("other", "ann"), None);
        foreach (var index in new[] { 10, 2, 0, 1 })
        {
            Assert.Equal(new UploadedChunk(index, 100 + index, Sha(index)), await Catalog.RecordChunkAsync("up", new UploadedChunk(index, 100 + index, Sha(index)), None));
        }

        await Catalog.RecordChunkAsync("other", new UploadedChunk(0, 5, Sha(99)), None);

        // The same index again (a retried PUT, or other bytes) adds nothing and changes nothing: the first record is final.
        Assert.Equal(new UploadedChunk(1, 101, Sha(1)), await Catalog.RecordChunkAsync("up", new UploadedChunk(1, 101, Sha(1)), None));
        Assert.Equal(new UploadedChunk(1, 101, Sha(1)), await Catalog.RecordChunkAsync("up", new UploadedChunk(1, 111, Sha(11)), None));

        Assert.Equal(
            [new UploadedChunk(0, 100, Sha(0)), new UploadedChunk(1, 101, Sha(1)), new UploadedChunk(2, 102, Sha(2)), new UploadedChunk(10, 110, Sha(10))],
            await Catalog.ListChunksAsync("up", None));
        Assert.Equal([new UploadedChunk(0, 5, Sha(99))], await Catalog.ListChunksAsync("other", None));
        Assert.Equal(new UploadedChunk(2, 102, Sha(2)), await Catalog.FindChunkAsync("up", 2, None));
        Assert.Null(await Catalog.FindChunkAsync("up", 3, None));
        Assert.Null(await Catalog.FindChunkAsync("unknown", 0, None));
    }

    [Fact]
    public async Task Open_uploads_are_listed_per_admin()
    {
        await Catalog.AddUploadAsync(NewUpload("a1", "ann"), None);
        var a2 = await Catalog.AddUploadAsync(NewUpload("a2", "ann"), None);
        await Catalog.AddUploadAsync(NewUpload("a3", "ann") with { State = UploadState.Completed }, None);
        await Catalog.AddUploadAsync(NewUpload("a4", "ann") with { State = UploadState.Aborted }, None);
        await Catalog.AddUploadAsync(NewUpload("b1", "bob"), None);

        Assert.Equal(["a1", "a2"], (await Catalog.ListOpenUploadsAsync("ann", None)).Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["b1"], (await Catalog.ListOpenUploadsAsync("bob", None)).Select(u => u.Id));
        Assert.Empty(await Catalog.ListOpenUploadsAsync("cat", None));

        var listed = (await Catalog.ListOpenUploadsAsync("ann", None)).Single(u => u.Id == "a2");
        Assert.Equal(a2.ExpiresAt, listed.ExpiresAt);
        Assert.Equal(a2.VideoId, listed.VideoId);
        await Catalog.ReplaceUploadAsync(listed with { State = UploadState.Completed }, None);

        Assert.Equal(["a1"], (await Catalog.ListOpenUploadsAsync("ann", None)).Select(u => u.Id));
    }

    protected abstract Task<ICatalog> CreateCatalogAsync();

    protected static Video NewVideo(string id, DateTimeOffset createdAt, VideoStatus status = VideoStatus.Ready) => new()
    {
        Id = id,
        Title = "Title " + id,
        UploadedBy = "admin",
        Status = status,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    protected static UploadSession NewUpload(string id, string createdBy) => new()
    {
        Id = id,
        VideoId = "video-" + id,
        FileName = id + ".mp4",
        Size = 20_000_000,
        ChunkSize = 8_388_608,
        CreatedBy = createdBy,
        State = UploadState.Open,
        CreatedAt = T0,
        ExpiresAt = T0.AddHours(48),
    };

    /// <summary>Ten videos in a shuffled order of adding, two pairs created at the same instant; returned newest first.</summary>
    protected async Task<List<Video>> AddListFixtureAsync()
    {
        var statuses = new[] { VideoStatus.Ready, VideoStatus.Processing, VideoStatus.Failed, VideoStatus.Ready, VideoStatus.Uploaded };
        var videos = Enumerable.Range(0, 10)
            .Select(i => NewVideo($"v{i:00}", T0.AddMinutes(i is 3 or 7 ? i - 1 : i), statuses[i % statuses.Length]))
            .ToList();
        foreach (var index in new[] { 4, 9, 0, 6, 3, 5, 1, 8, 7, 2 })
        {
            await Catalog.AddVideoAsync(videos[index], None);
        }

        // v02 with v03 and v06 with v07 were created together, each pair added in the other order: the larger id comes first.
        return [.. videos.OrderByDescending(v => v.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(v => v.Id, StringComparer.Ordinal)];
    }

    private async Task<List<Page<Video>>> ReadAllPagesAsync(VideoStatus? status, int pageSize, string? next = null)
    {
        var pages = new List<Page<Video>>();
        do
        {
            var page = await Catalog.ListVideosAsync(status, pageSize, next, None);
            pages.Add(page);
            next = page.Next;
            Assert.True(pages.Count <= 20, "The list never ends.");
        }
        while (next is not null);

        return pages;
    }

    private static Video FullVideo(string id) => new()
    {
        Id = id,
        Title = "Everything \"quoted\" — ünïcode",
        Summary = "A summary\nover two lines.",
        Tags = ["drama", "4k"],
        Rating = "PG-13",
        UploadedBy = "admin-1",
        Status = VideoStatus.Failed,
        FailureCode = "probe-failed",
        FailureReason = "No video stream.",
        Progress = new VideoProgress("transcode", 3, 7, Playable: true),
        Duration = TimeSpan.FromTicks(1_234_567_891),
        Renditions = [new RenditionInfo("720p", 1280, 720, 3000, "avc1.64001f"), new RenditionInfo("360p", 640, 360, 800, "avc1.64001e")],
        SourceKey = "sources/full/original.mp4",
        SourceFileName = "holiday.mp4",
        SourceBytes = 161_061_273_600,
        HasThumbnails = true,
        Attempt = 3,
        CreatedAt = T0.AddTicks(1_234_567).ToOffset(TimeSpan.FromHours(2)),
        UpdatedAt = T0.AddDays(1).AddTicks(7),
    };

    private static string Sha(int seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));

    /// <summary>Field by field through JSON: exact offsets and ticks, lists by content; the ETag is the catalog's.</summary>
    private static void AssertSameVideo(Video expected, Video actual)
        => Assert.Equal(JsonSerializer.Serialize(expected with { ETag = string.Empty }), JsonSerializer.Serialize(actual with { ETag = string.Empty }));

    private static void AssertSameJson<T>(T expected, T? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}
