using System.Net;
using System.Net.Http.Json;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests;

/// <summary>Per-video country rules on the stream route and the CDN route (the host trusts X-Viewer-Country).</summary>
[Trait("Report", "security")]
[Collection(HostCollection.Name)]
public sealed class GeoTests(PlatformHost host) : IAsyncLifetime
{
    private VideoDto _video = null!;

    public async Task InitializeAsync() => _video = await host.UploadAndWaitAsync(host.Clip, "Regional rights", "geo");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_allow_list_plays_only_where_listed_and_an_unknown_country_is_refused()
    {
        using var admin = host.Client(host.AdminToken);
        using var viewer = host.Client(host.ViewerToken);
        await SetAsync(admin, ["no", "SE"], []);

        await Problems.AssertAsync(StreamAsync(viewer, "DE"), HttpStatusCode.UnavailableForLegalReasons, "video-geo-blocked");
        await Problems.AssertAsync(StreamAsync(viewer, null), HttpStatusCode.UnavailableForLegalReasons, "video-geo-blocked");
        using var allowed = await StreamAsync(viewer, "NO");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("cc=NO", (await allowed.Content.ReadFromJsonAsync<LinkDto>())!.Url, StringComparison.Ordinal);

        await SetAsync(admin, [], []);
        using var everywhere = await StreamAsync(viewer, null);
        Assert.Equal(HttpStatusCode.OK, everywhere.StatusCode);
    }

    [Fact]
    public async Task The_profile_country_counts_when_the_edge_sends_none_and_the_edge_wins_when_it_does()
    {
        using var admin = host.Client(host.AdminToken);
        var token = await host.TokenAsync("traveller", UserRole.Viewer);
        await host.Get<ICatalog>().UpsertUserAsync(new User("traveller", "Traveller", UserRole.Viewer, DateTimeOffset.UtcNow, "FR"), CancellationToken.None);
        using var viewer = host.Client(token);
        await SetAsync(admin, [], ["FR"]);

        await Problems.AssertAsync(StreamAsync(viewer, null), HttpStatusCode.UnavailableForLegalReasons, "video-geo-blocked");
        using var abroad = await StreamAsync(viewer, "IT");
        Assert.Equal(HttpStatusCode.OK, abroad.StatusCode);
        await SetAsync(admin, [], []);
    }

    [Fact]
    public async Task The_cdn_route_applies_the_current_rules_to_links_already_issued()
    {
        using var admin = host.Client(host.AdminToken);
        using var viewer = host.Client(host.ViewerToken);
        using var cdn = host.Client();
        await SetAsync(admin, ["NO"], []);
        using var issued = await StreamAsync(viewer, "NO");
        var link = (await issued.Content.ReadFromJsonAsync<LinkDto>())!;
        var master = await cdn.GetStringAsync(new Uri(link.Url));
        var variant = new Uri(new Uri(link.Url), master.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')));
        Assert.Contains("cc=NO", variant.Query, StringComparison.Ordinal);

        // Carried to another country, the link is refused at the edge's word; the rules changing refuses it too.
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, variant);
        elsewhere.Headers.Add("X-Viewer-Country", "US");
        await Problems.AssertAsync(cdn.SendAsync(elsewhere), HttpStatusCode.UnavailableForLegalReasons, "video-geo-blocked");
        await SetAsync(admin, [], ["NO"]);
        await Problems.AssertAsync(cdn.GetAsync(variant), HttpStatusCode.UnavailableForLegalReasons, "video-geo-blocked");
        await SetAsync(admin, [], []);
        using var lifted = await cdn.GetAsync(variant);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
    }

    [Fact]
    public async Task Bad_rules_and_viewers_setting_rules_are_refused()
    {
        using var admin = host.Client(host.AdminToken);
        using var viewer = host.Client(host.ViewerToken);

        await Problems.AssertAsync(
            admin.PutAsJsonAsync(new Uri($"/api/videos/{_video.Id}/availability", UriKind.Relative), new { allowed = new[] { "Norway" } }),
            HttpStatusCode.BadRequest,
            "video-countries-invalid");
        using var forbidden = await viewer.PutAsJsonAsync(new Uri($"/api/videos/{_video.Id}/availability", UriKind.Relative), new { blocked = new[] { "NO" } });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await Problems.AssertAsync(
            admin.PutAsJsonAsync(new Uri("/api/videos/AAAAAAAAAAAAAAAAAAAAAA/availability", UriKind.Relative), new { blocked = new[] { "NO" } }),
            HttpStatusCode.NotFound,
            "video-not-found");
    }

    private async Task SetAsync(HttpClient admin, string[] allowed, string[] blocked)
    {
        using var response = await admin.PutAsJsonAsync(new Uri($"/api/videos/{_video.Id}/availability", UriKind.Relative), new { allowed, blocked });
        response.EnsureSuccessStatusCode();
    }

    private Task<HttpResponseMessage> StreamAsync(HttpClient viewer, string? country)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{_video.Id}/stream");
        if (country is not null)
        {
            request.Headers.Add("X-Viewer-Country", country);
        }

        return viewer.SendAsync(request);
    }
}
