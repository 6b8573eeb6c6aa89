using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// Requests of the wrong shape: broken JSON and the wrong content type. (Stream options that do not exist are
/// StreamApiTests.Bad_stream_requests_name_the_problem, in this suite by its trait.)
/// </summary>
[Trait("Report", "bad-input")]
[Collection(BadRequestCollection.Name)]
public sealed class RequestShapeTests(PlatformHost host)
{
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
}
