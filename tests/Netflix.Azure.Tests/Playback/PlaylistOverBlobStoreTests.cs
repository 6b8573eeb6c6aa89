using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Netflix.Azure.Playback;
using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Playback;
using Netflix.Core.Storage;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Playback;

/// <summary>
/// Core's playlist rewriting as the Azure edition runs it: playlists read from the blob store and signed with the SAS
/// signer, every segment URI a SAS URL on the blob endpoint that a player can fetch.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlaylistOverBlobStoreTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private const string Master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
        720p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
        360p/index.m3u8

        """;

    private const string Variant = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:4
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:4.000,
        seg_00000.m4s
        #EXTINF:4.000,
        seg_00001.m4s
        #EXTINF:2.500,
        seg_00002.m4s
        #EXT-X-ENDLIST

        """;

    private readonly HttpClient _http = new();
    private readonly string _videoId = "vid" + Guid.NewGuid().ToString("N")[..12];
    private readonly HmacPlaybackSigner _hmac = new([new SigningKey("k1", Encoding.UTF8.GetBytes("another key of thirty-two bytes!"))], SasPlaybackSignerTests.AppRoute, TimeProvider.System);
    private BlobMediaStore _store = null!;

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
    public async Task A_rendered_variant_playlist_has_every_segment_on_the_blob_endpoint_with_a_sas_that_downloads()
    {
        await PutAsync("hls/720p/index.m3u8", Variant);
        var media = new Dictionary<string, string>();
        foreach (var name in new[] { "init.mp4", "seg_00000.m4s", "seg_00001.m4s", "seg_00002.m4s" })
        {
            media[name] = $"{name} of {_videoId}";
            await PutAsync($"hls/720p/{name}", media[name]);
        }

        var playlists = new PlaylistService(_store, Signer());
        var text = await playlists.RenderAsync(_videoId, "hls/720p/index.m3u8", new Dictionary<string, string>(), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);

        var uris = Uris(text!);
        Assert.Equal(4, uris.Count);
        foreach (var (name, uri) in media.Keys.Zip(uris))
        {
            Assert.StartsWith($"{azurite.BlobEndpoint}/{_store.Media.Name}/media/{_videoId}/hls/720p/{name}?", uri, StringComparison.Ordinal);
            using var response = await _http.GetAsync(uri);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(media[name], await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_rendered_master_playlist_links_its_variants_through_the_app_with_their_own_signatures()
    {
        await PutAsync("hls/master.m3u8", Master);
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        var playlists = new PlaylistService(_store, Signer());
        var text = await playlists.RenderAsync(_videoId, "hls/master.m3u8", new Dictionary<string, string> { ["start"] = "30" }, expires, CancellationToken.None);

        Assert.Contains("#EXT-X-START:TIME-OFFSET=30,PRECISE=YES", text, StringComparison.Ordinal);
        var uris = Uris(text!);
        Assert.Equal(["720p/index.m3u8", "360p/index.m3u8"], uris.Select(u => u[..u.IndexOf('?', StringComparison.Ordinal)]));
        foreach (var uri in uris)
        {
            var resolved = new Uri(new Uri($"{SasPlaybackSignerTests.AppRoute}/{_videoId}/hls/master.m3u8"), uri);
            var mediaPath = resolved.AbsolutePath["/api/cdn/".Length..];
            var query = QueryHelpers.ParseQuery(resolved.Query).Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()));
            Assert.Equal(SignatureStatus.Valid, _hmac.Verify(mediaPath, query, out var bound));
            Assert.Equal("30", bound["start"]);
        }
    }

    [Fact]
    public async Task A_playlist_missing_from_the_store_renders_nothing()
        => Assert.Null(await new PlaylistService(_store, Signer()).RenderAsync(_videoId, "hls/master.m3u8", new Dictionary<string, string>(), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));

    private static List<string> Uris(string playlist)
    {
        var uris = new List<string>();
        foreach (var line in playlist.Split('\n'))
        {
            if (line.StartsWith("#EXT-X-MAP:URI=\"", StringComparison.Ordinal))
            {
                uris.Add(line["#EXT-X-MAP:URI=\"".Length..^1]);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                uris.Add(line);
            }
        }

        return uris;
    }

    private SasPlaybackSigner Signer()
        => new(_hmac, SharedKeySasCredential.FromConnectionString(azurite.ConnectionString), azurite.Service.Uri, new SasPlaybackOptions { MediaContainer = _store.Media.Name });

    private Task PutAsync(string path, string text)
        => _store.PutAsync(StoreKeys.Media(_videoId, path), new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);
}
