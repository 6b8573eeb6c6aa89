using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;

namespace Netflix.Local.Tests.BadInput;

/// <summary>Requests of the wrong shape: broken JSON, the wrong content type, and stream options that do not exist.</summary>
[Trait("Report", "bad-input")]
[Collection(BadRequestCollection.Name)]
public sealed class RequestShapeTests(PlatformHost host)
{
    // One small ready video per host, shared by the stream cases.
    private static readonly ConditionalWeakTable<PlatformHost, Task<VideoDto>> Ready = [];

    [Theory]
    [InlineData("{\"title\": ")]
    [InlineData("{\"title\": \"x\", \"size\": \"ten\"}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("not json at all")]
    public async Task A_malformed_json_body_is_refused(string json)
    {
        using var client = host.Client(host.AdminToken);

        await Problems.AssertAsync(
            client.PostAsync(new Uri("/api/uploads", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "request-malformed");

        await Aftercare.AssertHealthyAsync(host);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Creating_an_upload_with_the_wrong_content_type_is_refused(string contentType)
    {
        using var client = host.Client(host.AdminToken);
        using var body = new StringContent("{\"title\": \"x\", \"fileName\": \"a.mp4\", \"size\": 10}", Encoding.UTF8, contentType);

        await Problems.AssertAsync(client.PostAsync(new Uri("/api/uploads", UriKind.Relative), body), HttpStatusCode.UnsupportedMediaType, "request-unsupported-media-type");

        await Aftercare.AssertHealthyAsync(host);
    }

    [Fact]
    public async Task A_one_shot_upload_sent_as_json_is_refused()
    {
        using var client = host.Client(host.AdminToken);

        await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/videos", UriKind.Relative), new { title = "json" }), HttpStatusCode.UnsupportedMediaType, "request-unsupported-media-type");

        await Aftercare.AssertHealthyAsync(host);
    }

    [Theory]
    [InlineData("offset=-1", "stream-offset-invalid")]
    [InlineData("offset=-0.001", "stream-offset-invalid")]
    [InlineData("offset=2.5", "stream-offset-out-of-range")]
    [InlineData("offset=1e9", "stream-offset-out-of-range")]
    [InlineData("offset=Infinity", "stream-offset-invalid")]
    [InlineData("codec=av1x", "stream-unsupported-codec")]
    [InlineData("codec=mpeg2", "stream-unsupported-codec")]
    [InlineData("resolution=1080p", "stream-unknown-resolution")]
    [InlineData("resolution=240", "stream-unknown-resolution")]
    public async Task Bad_stream_options_are_refused_with_their_code(string query, string code)
    {
        var video = await ReadyVideoAsync();
        using var viewer = host.Client(host.ViewerToken);

        await Problems.AssertAsync(viewer.GetAsync(new Uri($"/api/videos/{video.Id}/stream?{query}", UriKind.Relative)), HttpStatusCode.BadRequest, code);

        // The video still streams with good options.
        using var good = await viewer.GetAsync(new Uri($"/api/videos/{video.Id}/stream?codec=h264&offset=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await Aftercare.AssertHealthyAsync(host);
    }

    private Task<VideoDto> ReadyVideoAsync()
    {
        lock (Ready)
        {
            return Ready.GetValue(host, h => UploadReadyAsync(h));
        }
    }

    private static async Task<VideoDto> UploadReadyAsync(PlatformHost host)
    {
        var directory = Path.Combine(host.DataDirectory, "bad-input-stream");
        Directory.CreateDirectory(directory);
        var video = await host.UploadAndWaitAsync(BadMedia.Clip(directory, "two-seconds.mp4"), "Two seconds", "badinput");
        Assert.Equal("ready", video.Status);
        return video;
    }
}
