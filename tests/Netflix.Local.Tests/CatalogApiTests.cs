using System.Net;
using System.Net.Http.Json;
using Netflix.Core.Search;

namespace Netflix.Local.Tests;

public sealed record ListDto(IReadOnlyList<VideoDto> Items, string? Next);

public sealed record SearchHitDto(string Id, string Title, IReadOnlyList<string> Tags, double? Duration, double Score);

public sealed record SearchDto(IReadOnlyList<SearchHitDto> Items, long Total, string? Next);

[Collection(HostCollection.Name)]
public sealed class CatalogApiTests(PlatformHost host)
{
    [Fact]
    public async Task A_published_video_is_found_by_title_word_and_by_tag_and_a_deleted_one_is_not()
    {
        var video = await host.UploadAndWaitAsync(host.Clip, "Aurora over Tromsø 🌌", "northern-lights,norway");
        using var viewer = host.Client(host.ViewerToken);
        using var admin = host.Client(host.AdminToken);

        var byWord = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?q=aurora", UriKind.Relative));
        var byPrefix = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?q=tromsø%20auro", UriKind.Relative));
        var byTag = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?tag=northern-lights", UriKind.Relative));
        var wrongTag = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?q=aurora&tag=cooking", UriKind.Relative));

        Assert.Contains(byWord!.Items, h => h.Id == video.Id);
        Assert.Contains(byPrefix!.Items, h => h.Id == video.Id);
        Assert.Contains(byTag!.Items, h => h.Id == video.Id && h.Title == "Aurora over Tromsø 🌌");
        Assert.DoesNotContain(wrongTag!.Items, h => h.Id == video.Id);

        using var delete = await admin.DeleteAsync(new Uri($"/api/videos/{video.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var after = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?q=aurora", UriKind.Relative));
        Assert.DoesNotContain(after!.Items, h => h.Id == video.Id);
        await Problems.AssertAsync(viewer.GetAsync(new Uri($"/api/videos/{video.Id}", UriKind.Relative)), HttpStatusCode.NotFound, "video-not-found");
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "store", "media", video.Id)));
        Assert.True(Directory.Exists(Path.Combine(host.DataDirectory, "store", "sources", video.Id)));
    }

    [Fact]
    public async Task Search_pages_with_an_opaque_token()
    {
        var index = host.Get<ISearchIndex>();
        for (var i = 0; i < 25; i++)
        {
            await index.UpsertAsync(new SearchDocument($"paging{i:D2}", $"Paging sample {i}", "Seeded.", ["paging-sample"], TimeSpan.FromSeconds(i), null, DateTimeOffset.UtcNow.AddMinutes(-i)), CancellationToken.None);
        }

        using var viewer = host.Client(host.ViewerToken);
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = (await viewer.GetFromJsonAsync<SearchDto>(new Uri($"/api/search?tag=paging-sample&pageSize=10{(next is null ? string.Empty : "&next=" + next)}", UriKind.Relative)))!;
            Assert.Equal(25, page.Total);
            seen.AddRange(page.Items.Select(h => h.Id));
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"paging{i:D2}"), seen);
    }

    [Theory]
    [InlineData("pageSize=0", "search-page-size-invalid")]
    [InlineData("pageSize=51", "search-page-size-invalid")]
    [InlineData("pageSize=ten", "search-page-size-invalid")]
    [InlineData("next=garbage!", "search-token-invalid")]
    [InlineData("next=bzo5OTk5OTk5", "search-token-invalid")]
    public async Task Bad_search_requests_name_the_problem(string query, string code)
    {
        using var viewer = host.Client(host.ViewerToken);

        await Problems.AssertAsync(viewer.GetAsync(new Uri($"/api/search?{query}", UriKind.Relative)), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task An_overlong_search_query_is_refused()
    {
        using var viewer = host.Client(host.ViewerToken);

        await Problems.AssertAsync(
            viewer.GetAsync(new Uri($"/api/search?q={new string('a', 300)}", UriKind.Relative)), HttpStatusCode.BadRequest, "search-query-too-long");
        await Problems.AssertAsync(
            viewer.GetAsync(new Uri("/api/search?q=bell%07", UriKind.Relative)), HttpStatusCode.BadRequest, "search-query-invalid");
    }

    [Fact]
    public async Task Listing_pages_newest_first_and_viewers_see_ready_videos_only()
    {
        using var admin = host.Client(host.AdminToken);
        using var viewer = host.Client(host.ViewerToken);
        for (var i = 0; i < 3; i++)
        {
            await ChunkedUpload.CreateAsync(admin, $"Listed {i}", 1000);
        }

        var first = (await admin.GetFromJsonAsync<ListDto>(new Uri("/api/videos?status=uploading&pageSize=2", UriKind.Relative)))!;
        var second = (await admin.GetFromJsonAsync<ListDto>(new Uri($"/api/videos?status=uploading&pageSize=2&next={first.Next}", UriKind.Relative)))!;
        var viewerList = (await viewer.GetFromJsonAsync<ListDto>(new Uri("/api/videos?pageSize=100", UriKind.Relative)))!;

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Next);
        Assert.Empty(first.Items.Select(v => v.Id).Intersect(second.Items.Select(v => v.Id)));
        Assert.All(first.Items.Concat(second.Items), v => Assert.Equal("uploading", v.Status));
        Assert.All(viewerList.Items, v => Assert.Equal("ready", v.Status));
        await Problems.AssertAsync(viewer.GetAsync(new Uri("/api/videos?status=processing", UriKind.Relative)), HttpStatusCode.Forbidden, "list-status-forbidden");
        await Problems.AssertAsync(admin.GetAsync(new Uri("/api/videos?status=exploded", UriKind.Relative)), HttpStatusCode.BadRequest, "list-status-invalid");
        await Problems.AssertAsync(admin.GetAsync(new Uri("/api/videos?next=%F0%9F%92%A9", UriKind.Relative)), HttpStatusCode.BadRequest, "list-token-invalid");
    }

    [Fact]
    public async Task Only_failed_videos_can_be_reprocessed()
    {
        var video = await host.UploadAndWaitAsync(host.Clip, "Already fine", "test");
        using var admin = host.Client(host.AdminToken);

        await Problems.AssertAsync(admin.PostAsync(new Uri($"/api/videos/{video.Id}/reprocess", UriKind.Relative), null), HttpStatusCode.Conflict, "video-not-reprocessable");
        await Problems.AssertAsync(admin.PostAsync(new Uri("/api/videos/nothing/reprocess", UriKind.Relative), null), HttpStatusCode.NotFound, "video-not-found");
    }
}
