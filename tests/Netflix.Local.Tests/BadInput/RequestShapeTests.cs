using System.Net;
using System.Net.Http.Json;
using System.Text;
using Netflix.Testing;

namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// Requests of the wrong shape: broken JSON, a broken one-shot form and the wrong content type. (Stream options that do not exist are
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
    public async Task A_json_body_in_an_unknown_charset_is_refused()
    {
        using var client = host.Client(host.AdminToken);
        using var body = new ByteArrayContent("{\"title\": \"x\", \"fileName\": \"a.mp4\", \"size\": 10}"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=no-such-charset");

        await Problems.AssertAsync(client.PostAsync(new Uri("/api/uploads", UriKind.Relative), body), HttpStatusCode.UnsupportedMediaType, "request-unsupported-media-type");

        await Aftercare.AssertHealthyAsync(host);
    }

    /// <summary>One-shot forms that are not whole forms, by what is wrong with them.</summary>
    public static TheoryData<string> BrokenForms => [.. BrokenForm.All.Keys];

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task A_broken_one_shot_form_is_refused_and_nothing_of_it_is_kept(string broken)
    {
        using var client = host.Client(host.AdminToken);
        var store = Path.Combine(host.DataDirectory, "store");
        var before = Aftercare.Snapshot(store).Where(File.Exists).ToHashSet();
        using var body = new ByteArrayContent(BrokenForm.All[broken]);
        body.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={BrokenForm.Boundary}");

        await Problems.AssertAsync(client.PostAsync(new Uri("/api/videos", UriKind.Relative), body), HttpStatusCode.BadRequest, "upload-form-invalid");

        Assert.Equal(before, Aftercare.Snapshot(store).Where(File.Exists).ToHashSet());
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
