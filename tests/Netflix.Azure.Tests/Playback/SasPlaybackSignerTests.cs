using System.Net;
using System.Text;
using Azure.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Netflix.Azure.Playback;
using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Playback;
using Netflix.Core.Storage;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Playback;

/// <summary>Segment URLs signed with a blob SAS, fetched from Azurite as a player would; playlists signed for the app.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SasPlaybackSignerTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    public const string AppRoute = "https://app.example.net/api/cdn";

    private readonly HttpClient _http = new();
    private readonly string _videoId = "vid" + Guid.NewGuid().ToString("N")[..12];
    private readonly HmacPlaybackSigner _hmac = new([new SigningKey("k1", Encoding.UTF8.GetBytes("a test key of thirty-two bytes!!"))], AppRoute, TimeProvider.System);
    private BlobMediaStore _store = null!;

    private static DateTimeOffset InTenMinutes => DateTimeOffset.UtcNow.AddMinutes(10);

    public async Task InitializeAsync()
    {
        _store = new BlobMediaStore(azurite.Service, new BlobStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
        });
        await _store.EnsureContainersAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.Uploads.DeleteIfExistsAsync();
        await _store.Media.DeleteIfExistsAsync();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_signed_segment_url_downloads_the_blob()
    {
        var bytes = await PutAsync("hls/720p/seg_00001.m4s");

        var url = Signer().Sign($"{_videoId}/hls/720p/seg_00001.m4s", InTenMinutes);

        Assert.StartsWith($"{azurite.BlobEndpoint}/{_store.Media.Name}/media/{_videoId}/hls/720p/seg_00001.m4s?", url, StringComparison.Ordinal);
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/iso.segment", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sas_grants_reading_only_that_blob_until_the_expiry()
    {
        await PutAsync("hls/720p/seg_00001.m4s");
        var expires = InTenMinutes;
        var url = Signer().Sign($"{_videoId}/hls/720p/seg_00001.m4s", expires);
        var query = QueryHelpers.ParseQuery(new Uri(url).Query);

        Assert.Equal(("r", "b"), (query["sp"].ToString(), query["sr"].ToString()));
        Assert.Equal(expires.ToUnixTimeSeconds(), DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url, HttpMethod.Put));
    }

    [Fact]
    public async Task Links_issued_within_one_expiry_step_share_their_segment_urls_so_the_cdn_caches_one_copy()
    {
        await PutAsync("hls/720p/seg_00009.m4s");
        var signer = Signer(expiryStep: TimeSpan.FromHours(1));
        var hour = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 10, 0, 0, TimeSpan.Zero);

        var early = signer.Sign($"{_videoId}/hls/720p/seg_00009.m4s", hour.AddMinutes(5));
        var late = signer.Sign($"{_videoId}/hls/720p/seg_00009.m4s", hour.AddMinutes(55));
        var next = signer.Sign($"{_videoId}/hls/720p/seg_00009.m4s", hour.AddMinutes(65));
        var exact = signer.Sign($"{_videoId}/hls/720p/seg_00009.m4s", hour);

        Assert.Equal(early, late);
        Assert.NotEqual(late, next);
        Assert.Equal(hour.AddHours(1), DateTimeOffset.Parse(QueryHelpers.ParseQuery(new Uri(late).Query)["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(hour, DateTimeOffset.Parse(QueryHelpers.ParseQuery(new Uri(exact).Query)["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(late));
    }

    [Fact]
    public async Task An_expired_sas_is_refused()
    {
        await PutAsync("hls/720p/seg_00002.m4s");
        var signer = Signer();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(signer.Sign($"{_videoId}/hls/720p/seg_00002.m4s", InTenMinutes)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(signer.Sign($"{_videoId}/hls/720p/seg_00002.m4s", DateTimeOffset.UtcNow.AddMinutes(-1))));
    }

    [Fact]
    public async Task A_tampered_signature_is_refused()
    {
        await PutAsync("hls/720p/seg_00003.m4s");
        var url = Signer().Sign($"{_videoId}/hls/720p/seg_00003.m4s", InTenMinutes);
        var signature = QueryHelpers.ParseQuery(new Uri(url).Query)["sig"].ToString();
        var tampered = signature[0] == 'A' ? "B" + signature[1..] : "A" + signature[1..];

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url.Replace(Uri.EscapeDataString(signature), Uri.EscapeDataString(tampered), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_sas_of_one_blob_does_not_open_another()
    {
        await PutAsync("hls/720p/seg_00004.m4s");
        await PutAsync("hls/1080p/seg_00004.m4s");
        var signer = Signer();
        var mine = new Uri(signer.Sign($"{_videoId}/hls/720p/seg_00004.m4s", InTenMinutes));
        var other = new Uri(signer.Sign($"{_videoId}/hls/1080p/seg_00004.m4s", InTenMinutes));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(other.ToString()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(other.GetLeftPart(UriPartial.Path) + mine.Query));
    }

    [Theory]
    [InlineData("hls/master.m3u8")]
    [InlineData("hls/720p/index.m3u8")]
    [InlineData("thumbs/storyboard.vtt")]
    public void Playlists_go_to_the_app_route_signed_for_the_hmac_check(string path)
    {
        var mediaPath = $"{_videoId}/{path}";
        var parameters = new Dictionary<string, string> { ["variant"] = "720p", ["start"] = "12.5" };

        var url = new Uri(Signer().Sign(mediaPath, InTenMinutes, parameters));

        Assert.Equal($"{AppRoute}/{mediaPath}", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query).Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()));
        Assert.Equal(SignatureStatus.Valid, _hmac.Verify(mediaPath, query, out var bound));
        Assert.Equal(parameters, bound);
        Assert.Equal(SignatureStatus.Invalid, _hmac.Verify($"{_videoId}/hls/other.m3u8", query, out _));
    }

    [Fact]
    public void Inside_a_playlist_playlists_stay_relative_and_segments_are_absolute_blob_urls()
    {
        var signer = Signer();
        var master = $"{_videoId}/hls/master.m3u8";
        var variant = $"{_videoId}/hls/720p/index.m3u8";
        var expires = InTenMinutes;

        var variantUri = signer.Sign(variant, expires, relativeTo: master);
        var segmentUri = signer.Sign($"{_videoId}/hls/720p/seg_00001.m4s", expires, relativeTo: variant);
        var sheetUri = signer.Sign($"{_videoId}/thumbs/storyboard_0.jpg", expires, relativeTo: $"{_videoId}/thumbs/storyboard.vtt");

        Assert.Equal(_hmac.Sign(variant, expires, relativeTo: master), variantUri);
        Assert.StartsWith("720p/index.m3u8?exp=", variantUri, StringComparison.Ordinal);
        Assert.StartsWith($"{azurite.BlobEndpoint}/{_store.Media.Name}/media/{_videoId}/hls/720p/seg_00001.m4s?", segmentUri, StringComparison.Ordinal);
        Assert.StartsWith($"{azurite.BlobEndpoint}/{_store.Media.Name}/media/{_videoId}/thumbs/storyboard_0.jpg?", sheetUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cdn_host_replaces_the_blob_endpoints_and_the_url_still_downloads()
    {
        var bytes = await PutAsync("thumbs/poster.jpg");
        var cdn = new Uri($"http://localhost:{azurite.BlobEndpoint.Port}");

        var url = Signer(cdn).Sign($"{_videoId}/thumbs/poster.jpg", InTenMinutes);

        Assert.StartsWith($"http://localhost:{azurite.BlobEndpoint.Port}/{AzuriteFixture.AccountName}/{_store.Media.Name}/media/{_videoId}/thumbs/poster.jpg?", url, StringComparison.Ordinal);
        Assert.Equal(bytes, await _http.GetByteArrayAsync(url));
    }

    [Fact]
    public void In_production_urls_name_the_cdn_and_the_sas_is_https_only()
    {
        var key = new SharedKeySasCredential(new StorageSharedKeyCredential("contosomedia", AzuriteFixture.AccountKey));
        var options = new SasPlaybackOptions { CdnEndpoint = new Uri("https://media-abc.azurefd.net") };
        var signer = new SasPlaybackSigner(_hmac, key, new Uri("https://contosomedia.blob.core.windows.net/"), options);

        var url = new Uri(signer.Sign("vid1/hls/720p/seg_00001.m4s", InTenMinutes));

        Assert.Equal("https://media-abc.azurefd.net/media/media/vid1/hls/720p/seg_00001.m4s", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("https", QueryHelpers.ParseQuery(url.Query)["spr"].ToString());
        Assert.Equal(
            "https://contosomedia.blob.core.windows.net/media/media/vid1/hls/720p/seg_00001.m4s",
            new Uri(new SasPlaybackSigner(_hmac, key, new Uri("https://contosomedia.blob.core.windows.net"), new SasPlaybackOptions()).Sign("vid1/hls/720p/seg_00001.m4s", InTenMinutes)).GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData("seg.m4s")]
    [InlineData("vid1/../other/seg.m4s")]
    [InlineData("vid1//seg.m4s")]
    public void Paths_that_are_not_media_paths_are_refused(string path)
        => Assert.Throws<ArgumentException>(() => Signer().Sign(path, InTenMinutes));

    private SasPlaybackSigner Signer(Uri? cdn = null, TimeSpan expiryStep = default)
        => new(
            _hmac,
            SharedKeySasCredential.FromConnectionString(azurite.ConnectionString),
            azurite.Service.Uri,
            new SasPlaybackOptions { MediaContainer = _store.Media.Name, CdnEndpoint = cdn, ExpiryStep = expiryStep });

    private async Task<byte[]> PutAsync(string path)
    {
        var bytes = Encoding.UTF8.GetBytes($"bytes of {path} {Guid.NewGuid()}");
        await _store.PutAsync(StoreKeys.Media(_videoId, path), new MemoryStream(bytes), CancellationToken.None);
        return bytes;
    }

    private async Task<HttpStatusCode> StatusAsync(string url, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        if (request.Method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent([1]);
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
