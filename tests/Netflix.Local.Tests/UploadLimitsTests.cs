using System.Net;
using System.Net.Http.Json;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests;

/// <summary>
/// What one admin can hold at once: upload size (64 MiB resumable, 16 MiB one-shot on the test host) and open sessions
/// (20 per admin); refusals are problems and keep nothing.
/// </summary>
[Trait("Report", "security")]
[Collection(HostCollection.Name)]
public sealed class UploadLimitsTests(PlatformHost host)
{
    private const long MaxUpload = 64L * 1024 * 1024;
    private const long MaxOneShot = 16L * 1024 * 1024;

    [Fact]
    public async Task A_resumable_upload_over_the_size_limit_is_refused_before_anything_is_created()
    {
        using var admin = host.Client(await host.TokenAsync("big-sender", UserRole.Admin));

        using var exact = await admin.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "At the limit", fileName = "a.mp4", size = MaxUpload });
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        await Problems.AssertAsync(
            admin.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "Over the limit", fileName = "b.mp4", size = MaxUpload + 1 }),
            HttpStatusCode.RequestEntityTooLarge,
            "upload-too-large");

        Assert.Single(await host.Get<ICatalog>().ListOpenUploadsAsync("big-sender", CancellationToken.None));
    }

    [Fact]
    public async Task A_one_shot_upload_over_its_limit_is_refused_and_nothing_of_it_is_kept()
    {
        using var admin = host.Client(host.AdminToken);
        var staging = Path.Combine(host.DataDirectory, "store", "staging");
        var before = Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging).Length : 0;
        var videosBefore = (await host.Get<ICatalog>().ListVideosAsync(null, 1000, null, CancellationToken.None)).Items.Count;

        using var form = new MultipartFormDataContent
        {
            { new StringContent("Far too long for one request"), "title" },
            { new ByteArrayContent(new byte[MaxOneShot + 1]), "data", "big.mp4" },
        };
        await Problems.AssertAsync(admin.PostAsync(new Uri("/api/videos", UriKind.Relative), form), HttpStatusCode.RequestEntityTooLarge, "upload-too-large");

        Assert.Equal(before, Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging).Length : 0);
        Assert.Equal(videosBefore, (await host.Get<ICatalog>().ListVideosAsync(null, 1000, null, CancellationToken.None)).Items.Count);
        using var health = await admin.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_admin_may_hold_twenty_open_sessions_and_finishing_one_frees_a_place()
    {
        using var hoarder = host.Client(await host.TokenAsync("hoarder", UserRole.Admin));
        using var other = host.Client(await host.TokenAsync("other-admin", UserRole.Admin));
        var sessions = new List<UploadDto>();
        for (var i = 0; i < 20; i++)
        {
            sessions.Add(await ChunkedUpload.CreateAsync(hoarder, $"Held {i}", 1000));
        }

        var refused = await Problems.AssertAsync(
            hoarder.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "One more", fileName = "c.mp4", size = 1000 }),
            HttpStatusCode.TooManyRequests,
            "upload-too-many-sessions");
        Assert.Contains("20", refused.Detail, StringComparison.Ordinal);

        // Another admin is not held back, and aborting a session gives the place back.
        await ChunkedUpload.CreateAsync(other, "Someone else's", 1000);
        using var abort = await hoarder.DeleteAsync(new Uri($"/api/uploads/{sessions[0].UploadId}", UriKind.Relative));
        Assert.True(abort.IsSuccessStatusCode, abort.StatusCode.ToString());
        await ChunkedUpload.CreateAsync(hoarder, "Now there is room", 1000);
    }

    [Fact]
    public async Task Sessions_that_expired_do_not_count_and_are_closed_on_the_way()
    {
        using var admin = host.Client(await host.TokenAsync("forgetful", UserRole.Admin));
        var catalog = host.Get<ICatalog>();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-3);
        var abandoned = await catalog.AddVideoAsync(
            new Video { Id = Ids.New(), Title = "Abandoned", UploadedBy = "forgetful", Status = VideoStatus.Uploading, CreatedAt = longAgo, UpdatedAt = longAgo },
            CancellationToken.None);
        var expired = await catalog.AddUploadAsync(
            new UploadSession
            {
                Id = Ids.New(),
                VideoId = abandoned.Id,
                FileName = "old.mp4",
                Size = 1000,
                ChunkSize = 65536,
                CreatedBy = "forgetful",
                State = UploadState.Open,
                CreatedAt = longAgo,
                ExpiresAt = longAgo.AddDays(2),
            },
            CancellationToken.None);
        for (var i = 0; i < 19; i++)
        {
            await ChunkedUpload.CreateAsync(admin, $"Fresh {i}", 1000);
        }

        // Twenty sessions are Open in the catalog, but one is long expired: the twentieth live one is allowed.
        await ChunkedUpload.CreateAsync(admin, "Fresh 19", 1000);

        Assert.Equal(UploadState.Aborted, (await catalog.FindUploadAsync(expired.Id, CancellationToken.None))!.State);
        var video = (await catalog.FindVideoAsync(abandoned.Id, CancellationToken.None))!;
        Assert.Equal(VideoStatus.Failed, video.Status);
        Assert.Equal("upload-expired", video.FailureCode);
        Assert.Equal(20, (await catalog.ListOpenUploadsAsync("forgetful", CancellationToken.None)).Count);
    }
}
