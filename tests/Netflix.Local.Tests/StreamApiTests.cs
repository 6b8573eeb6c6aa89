using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Netflix.Core.Playback;
using Netflix.Local.Tests.BadInput;

namespace Netflix.Local.Tests;

[Collection(HostCollection.Name)]
public sealed class StreamApiTests(PlatformHost host) : IAsyncLifetime
{
    private VideoDto _video = null!;

    public async Task InitializeAsync() => _video = await host.ReadyVideoAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stream_link_leads_through_signed_playlists_to_segments()
    {
        using var api = host.Client(host.ViewerToken);
        using var cdn = host.Client();

        var link = (await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream?codec=h264", UriKind.Relative)))!;
        var master = await cdn.GetAsync(new Uri(link.Url));
        var masterText = await master.Content.ReadAsStringAsync();

        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        Assert.True(link.Complete);
        Assert.Equal("auto", link.Resolution);
        Assert.True(link.ExpiresAt > DateTimeOffset.UtcNow.AddHours(1));
        var variants = masterText.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, variants.Count);
        Assert.All(variants, v => Assert.Matches(@"^\d+p/index\.m3u8\?exp=\d+&kid=[^&]+&sig=[A-Za-z0-9_-]+$", v));
        Assert.Contains("URI=\"audio/index.m3u8?exp=", masterText, StringComparison.Ordinal);

        // Each URI carries its own signature: the variant playlist's segments too.
        var variantUrl = new Uri(new Uri(link.Url), variants[0]);
        var variantText = await cdn.GetStringAsync(variantUrl);
        var segment = variantText.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Contains("#EXT-X-MAP:URI=\"init.mp4?exp=", variantText, StringComparison.Ordinal);
        var segmentUrl = new Uri(variantUrl, segment);
        using var whole = await cdn.GetAsync(segmentUrl);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/iso.segment", whole.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", whole.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var bytes = await whole.Content.ReadAsByteArrayAsync();

        // Range requests work, for players that fetch byte ranges.
        using var request = new HttpRequestMessage(HttpMethod.Get, segmentUrl);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await cdn.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{bytes.Length}", partial.Content.Headers.ContentRange!.ToString());

        // The last bytes, an open-ended range, a range past the end, a revalidation, and HEAD.
        using var suffix = await SendAsync(cdn, HttpMethod.Get, segmentUrl, r => r.Headers.Range = new RangeHeaderValue(null, 50));
        Assert.Equal(bytes[^50..], await suffix.Content.ReadAsByteArrayAsync());
        using var tail = await SendAsync(cdn, HttpMethod.Get, segmentUrl, r => r.Headers.Range = new RangeHeaderValue(bytes.Length - 10, null));
        Assert.Equal(bytes[^10..], await tail.Content.ReadAsByteArrayAsync());
        using var beyond = await SendAsync(cdn, HttpMethod.Get, segmentUrl, r => r.Headers.Range = new RangeHeaderValue(bytes.Length, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{bytes.Length}", beyond.Content.Headers.ContentRange!.ToString());
        using var again = await SendAsync(cdn, HttpMethod.Get, segmentUrl, r => r.Headers.IfNoneMatch.Add(whole.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        using var stale = await SendAsync(cdn, HttpMethod.Get, segmentUrl, r =>
        {
            r.Headers.Range = new RangeHeaderValue(0, 9);
            r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"other\""));
        });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(bytes, await stale.Content.ReadAsByteArrayAsync());
        using var head = await SendAsync(cdn, HttpMethod.Head, segmentUrl, _ => { });
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task A_range_past_the_end_is_refused_with_its_own_code_and_never_cached(string method)
    {
        using var cdn = host.Client();
        var signer = host.Get<HmacPlaybackSigner>();
        var variant = await cdn.GetStringAsync(new Uri(host.BaseAddress, signer.Sign($"{_video.Id}/hls/240p/index.m3u8", DateTimeOffset.UtcNow.AddHours(1))));
        var segment = variant.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        var segmentUrl = new Uri(new Uri(host.BaseAddress, $"/cdn/{_video.Id}/hls/240p/"), segment);
        using var whole = await cdn.GetAsync(segmentUrl);
        var length = (await whole.Content.ReadAsByteArrayAsync()).Length;

        using var beyond = await SendAsync(cdn, new HttpMethod(method), segmentUrl, r => r.Headers.Range = new RangeHeaderValue(length + 100, null));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{length}", beyond.Content.Headers.ContentRange!.ToString());
        AssertNotCached(beyond);
        Assert.Null(beyond.Headers.ETag);
        Assert.Null(beyond.Content.Headers.LastModified);
        if (method == "GET")
        {
            await Problems.AssertAsync(beyond, HttpStatusCode.RequestedRangeNotSatisfiable, "range-not-satisfiable");
        }
    }

    [Fact]
    public async Task Refusals_on_the_cdn_route_are_never_cached()
    {
        using var cdn = host.Client();
        var signed = host.Get<HmacPlaybackSigner>().Sign($"{_video.Id}/hls/master.m3u8", DateTimeOffset.UtcNow.AddHours(1));
        var tampered = signed.Replace("sig=", "sig=AAAA", StringComparison.Ordinal);

        using var refused = await cdn.GetAsync(new Uri(host.BaseAddress, tampered));

        await Problems.AssertAsync(refused, HttpStatusCode.Forbidden, "cdn-signature-invalid");
        AssertNotCached(refused);
    }

    private static void AssertNotCached(HttpResponseMessage response)
    {
        var cache = response.Headers.CacheControl;
        Assert.True(cache is { NoStore: true, MaxAge: null, Public: false }, $"Cache-Control: {cache}");
        Assert.DoesNotContain("immutable", cache.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri url, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(method, url);
        configure(request);
        return await client.SendAsync(request);
    }

    [Trait("Report", "security")]
    [Fact]
    public async Task Tampered_missing_foreign_and_expired_signatures_are_refused()
    {
        using var api = host.Client(host.ViewerToken);
        using var cdn = host.Client();
        var link = (await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream", UriKind.Relative)))!;
        var url = link.Url;
        var signature = url[(url.IndexOf("&sig=", StringComparison.Ordinal) + 5)..];
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        await Problems.AssertAsync(cdn.GetAsync(new Uri(url.Replace(signature, flipped, StringComparison.Ordinal))), HttpStatusCode.Forbidden, "cdn-signature-invalid");
        await Problems.AssertAsync(cdn.GetAsync(new Uri(url[..url.IndexOf('?', StringComparison.Ordinal)])), HttpStatusCode.Forbidden, "cdn-signature-missing");

        // The same signature on another file, or with a later expiry, does not verify.
        await Problems.AssertAsync(cdn.GetAsync(new Uri(url.Replace("hls/master.m3u8", "thumbs/poster.jpg", StringComparison.Ordinal))), HttpStatusCode.Forbidden, "cdn-signature-invalid");
        var exp = url[(url.IndexOf("exp=", StringComparison.Ordinal) + 4)..url.IndexOf('&', StringComparison.Ordinal)];
        await Problems.AssertAsync(cdn.GetAsync(new Uri(url.Replace($"exp={exp}", $"exp={long.Parse(exp, System.Globalization.CultureInfo.InvariantCulture) + 86400}", StringComparison.Ordinal))), HttpStatusCode.Forbidden, "cdn-signature-invalid");

        var expired = host.Get<HmacPlaybackSigner>().Sign($"{_video.Id}/hls/master.m3u8", DateTimeOffset.UtcNow.AddMinutes(-1));
        await Problems.AssertAsync(cdn.GetAsync(new Uri(host.BaseAddress, expired)), HttpStatusCode.Forbidden, "cdn-signature-expired");
    }

    [Theory]
    [InlineData("hls/720p/seg_99999.m4s")]
    [InlineData("hls/none.m3u8")]
    public async Task A_signed_link_to_a_missing_file_is_not_found_and_not_cached(string path)
    {
        using var cdn = host.Client();
        var signed = host.Get<HmacPlaybackSigner>().Sign($"{_video.Id}/{path}", DateTimeOffset.UtcNow.AddHours(1));

        using var response = await cdn.GetAsync(new Uri(host.BaseAddress, signed));

        await Problems.AssertAsync(response, HttpStatusCode.NotFound, "cdn-not-found");
        AssertNotCached(response);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Trait("Report", "security")]
    [Theory]
    [InlineData("hls/../../../catalog.db")]
    [InlineData("hls/%2e%2e/%2e%2e/keys/jwt.key")]
    [InlineData("hls/master.m3u8%00.jpg")]
    [InlineData("../sources/x/original.mp4")]
    public async Task Path_tricks_on_the_cdn_route_find_nothing(string path)
    {
        using var cdn = host.Client();
        var signed = host.Get<HmacPlaybackSigner>().Sign($"{_video.Id}/{path}", DateTimeOffset.UtcNow.AddHours(1));

        using var response = await cdn.GetAsync(new Uri(host.BaseAddress, signed));

        // Refused one way or another (the client may resolve "../" itself, which changes what the signature covers).
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("SQLite", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Trait("Report", "security")]
    [Fact]
    public async Task A_fixed_resolution_and_an_offset_are_bound_into_the_link()
    {
        using var api = host.Client(host.ViewerToken);
        using var cdn = host.Client();

        var link = (await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream?resolution=144p&offset=2.5", UriKind.Relative)))!;
        var master = await cdn.GetStringAsync(new Uri(link.Url));

        Assert.Equal("144p", link.Resolution);
        Assert.Equal(2.5, link.StartAt);
        Assert.Single(master.Split('\n'), l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal));
        Assert.Contains("RESOLUTION=254x144", master, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-START:TIME-OFFSET=2.5,PRECISE=YES", master, StringComparison.Ordinal);

        // Changing the bound offset breaks the signature.
        await Problems.AssertAsync(cdn.GetAsync(new Uri(link.Url.Replace("start=2.5", "start=1", StringComparison.Ordinal))), HttpStatusCode.Forbidden, "cdn-signature-invalid");
    }

    [Fact]
    public async Task Without_an_offset_playback_resumes_where_the_viewer_stopped()
    {
        var token = await host.TokenAsync("resumer", Netflix.Core.Videos.UserRole.Viewer);
        using var api = host.Client(token);

        using var save = await api.PutAsJsonAsync(new Uri($"/api/videos/{_video.Id}/watch-progress", UriKind.Relative), new { position = 1.75 });
        var saved = await api.GetFromJsonAsync<Dictionary<string, object>>(new Uri($"/api/videos/{_video.Id}/watch-progress", UriKind.Relative));
        var resumed = await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream", UriKind.Relative));
        var explicitStart = await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream?offset=0.5", UriKind.Relative));
        using var other = host.Client(host.ViewerToken);
        var someoneElse = await other.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Equal("1.75", saved!["position"].ToString());
        Assert.Equal(1.75, resumed!.StartAt);
        Assert.Equal(0.5, explicitStart!.StartAt);
        Assert.Equal(0, someoneElse!.StartAt);
    }

    [Fact]
    public async Task A_redirect_can_be_asked_for()
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.ViewerToken);

        using var response = await api.GetAsync(new Uri($"/api/videos/{_video.Id}/stream?redirect=true", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/cdn/" + _video.Id + "/hls/master.m3u8?exp=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Stream options that do not exist or do not fit the 4 s clip; the video still streams with good ones.</summary>
    [Trait("Report", "bad-input")]
    [Theory]
    [InlineData("codec=vp9", "stream-unsupported-codec")]
    [InlineData("codec=h265", "stream-unsupported-codec")]
    [InlineData("codec=av1x", "stream-unsupported-codec")]
    [InlineData("resolution=4320p", "stream-unknown-resolution")]
    [InlineData("resolution=360", "stream-unknown-resolution")]
    [InlineData("resolution=%3Cscript%3E", "stream-unknown-resolution")]
    [InlineData("offset=-3", "stream-offset-invalid")]
    [InlineData("offset=-0.001", "stream-offset-invalid")]
    [InlineData("offset=abc", "stream-offset-invalid")]
    [InlineData("offset=NaN", "stream-offset-invalid")]
    [InlineData("offset=Infinity", "stream-offset-invalid")]
    [InlineData("offset=4.5", "stream-offset-out-of-range")]
    [InlineData("offset=99999", "stream-offset-out-of-range")]
    [InlineData("offset=1e9", "stream-offset-out-of-range")]
    public async Task Bad_stream_requests_name_the_problem(string query, string code)
    {
        using var api = host.Client(host.ViewerToken);

        await Problems.AssertAsync(api.GetAsync(new Uri($"/api/videos/{_video.Id}/stream?{query}", UriKind.Relative)), HttpStatusCode.BadRequest, code);

        using var good = await api.GetAsync(new Uri($"/api/videos/{_video.Id}/stream?codec=h264&offset=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await Aftercare.AssertHealthyAsync(host);
    }

    [Fact]
    public async Task Unknown_and_unfinished_videos_cannot_be_streamed()
    {
        using var api = host.Client(host.ViewerToken);
        using var admin = host.Client(host.AdminToken);
        var upload = await ChunkedUpload.CreateAsync(admin, "Not yet", 1000);

        await Problems.AssertAsync(api.GetAsync(new Uri("/api/videos/no-such-video/stream", UriKind.Relative)), HttpStatusCode.NotFound, "video-not-found");
        await Problems.AssertAsync(admin.GetAsync(new Uri($"/api/videos/{upload.VideoId}/stream", UriKind.Relative)), HttpStatusCode.Conflict, "video-not-ready");

        // Viewers do not even see a video that is still uploading.
        await Problems.AssertAsync(api.GetAsync(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative)), HttpStatusCode.NotFound, "video-not-found");
        await Problems.AssertAsync(api.PutAsJsonAsync(new Uri($"/api/videos/{upload.VideoId}/watch-progress", UriKind.Relative), new { position = 3 }), HttpStatusCode.NotFound, "video-not-found");
        await Problems.AssertAsync(api.PutAsJsonAsync(new Uri($"/api/videos/{_video.Id}/watch-progress", UriKind.Relative), new { position = -1 }), HttpStatusCode.BadRequest, "position-invalid");
    }

    [Fact]
    public async Task The_storyboard_and_its_sprites_are_signed_too()
    {
        using var api = host.Client(host.ViewerToken);
        using var cdn = host.Client();
        var link = (await api.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{_video.Id}/stream", UriKind.Relative)))!;

        var vtt = await cdn.GetStringAsync(new Uri(link.StoryboardUrl!));
        var sprite = vtt.Split('\n').First(l => l.Contains("#xywh=", StringComparison.Ordinal));
        using var image = await cdn.GetAsync(new Uri(new Uri(link.StoryboardUrl!), sprite[..sprite.IndexOf('#', StringComparison.Ordinal)]));
        using var poster = await cdn.GetAsync(new Uri(link.PosterUrl!));

        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Matches(@"storyboard_000\.jpg\?exp=\d+&kid=\w+&sig=[\w-]+#xywh=\d+,\d+,\d+,\d+", sprite);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
    }
}
