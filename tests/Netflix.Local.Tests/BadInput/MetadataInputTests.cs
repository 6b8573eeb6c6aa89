using System.Net;
using System.Net.Http.Json;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// The product rule (VideoMetadata.Normalize): control characters and over-long fields are refused with
/// video-metadata-invalid naming the field; any other Unicode in a title is kept as sent (NFC); tags are letters,
/// digits, spaces, '-' and '_' only. Client file names are display-only: storage keys never contain them.
/// </summary>
[Trait("Report", "bad-input")]
[Collection(BadRequestCollection.Name)]
public sealed class MetadataInputTests(PlatformHost host)
{
    [Theory]
    [InlineData("title", "Bell\u0007 title")]
    [InlineData("title", "Line\nbreak")]
    [InlineData("title", "Null\u0000byte")]
    [InlineData("title", "Escape \u001b[31mred")]
    [InlineData("tags", "tab\there")]
    [InlineData("tags", "del\u007f")]
    public async Task Control_characters_in_a_title_or_tag_are_refused(string field, string text)
    {
        var body = field == "title" ? new { title = text, tags = new[] { "fine" } } : new { title = "Fine", tags = new[] { "fine", text } };

        var problem = await RefusedAsync(body);

        Assert.Equal([field], problem.Errors!.Keys);
    }

    [Fact]
    public async Task A_ten_thousand_character_title_is_refused()
    {
        var problem = await RefusedAsync(new { title = new string('x', 10_000), tags = new[] { "fine" } });

        Assert.Equal(["title"], problem.Errors!.Keys);
        Assert.Contains("200", problem.Errors["title"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("שלום עולם — סרט", "עברית")]
    [InlineData("مرحبا بالعالم", "عربي")]
    public async Task Right_to_left_titles_and_tags_round_trip(string title, string tag)
    {
        var video = await AcceptedAsync(title, tag);

        Assert.Equal(title, video.Title);
        Assert.Equal([tag], video.Tags);
    }

    [Theory]
    [InlineData("Mixed \u202Eevil\u202C direction")]
    [InlineData("Isolate \u2067txt.exe\u2069")]
    public async Task A_title_with_bidirectional_overrides_is_refused_as_spoofing(string title)
    {
        var problem = await RefusedAsync(new { title, tags = new[] { "fine" } });

        Assert.Equal(["title"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task An_emoji_title_round_trips()
    {
        var video = await AcceptedAsync("Movie night 🎬🍿 👩‍👩‍👧", "family");

        Assert.Equal("Movie night 🎬🍿 👩‍👩‍👧", video.Title);
    }

    [Fact]
    public async Task An_emoji_tag_is_refused()
    {
        var problem = await RefusedAsync(new { title = "Emoji tag", tags = new[] { "🎬" } });

        Assert.Equal(["tags"], problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("../../../../etc/passwd.mp4", ".mp4")]
    [InlineData("..\\..\\windows\\system32\\evil.mp4", ".mp4")]
    [InlineData("clip\u0000.mp4/../../escape.sh", ".sh")]
    [InlineData("/etc/passwd", ".bin")]
    [InlineData("C:\\Windows\\evil.exe", ".exe")]
    [InlineData("..", ".bin")]
    [InlineData("name.mp4\u0000.txt", ".txt")]
    public async Task File_names_with_paths_never_choose_where_the_original_is_stored(string fileName, string extension)
    {
        using var client = await ClientAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes("not really a video, just bytes for the store");
        var upload = await ChunkedUpload.CreateAsync(client, "Path trick", bytes.Length, fileName: fileName);
        using (var chunk = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 0, bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
        }

        using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        var stored = Assert.Single(Directory.GetFiles(Aftercare.SourceFolder(host, upload.VideoId)));
        Assert.Equal(Path.Combine(Aftercare.SourceFolder(host, upload.VideoId), "original" + extension), stored);
        Assert.DoesNotContain(
            Directory.EnumerateFileSystemEntries(host.DataDirectory, "*", SearchOption.AllDirectories),
            p => Path.GetFileName(p) is "passwd" or "evil.mp4" or "escape.sh" or "evil.exe");
        await Aftercare.AssertSourceKeptAsync(host, upload.VideoId, bytes);
        await Aftercare.AssertHealthyAsync(host);
    }

    private async Task<HttpClient> ClientAsync() => host.Client(await host.TokenAsync("bad-metadata", UserRole.Admin));

    private async Task<ProblemDto> RefusedAsync(object body)
    {
        using var client = await ClientAsync();
        var problem = await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), WithFile(body)), HttpStatusCode.BadRequest, "video-metadata-invalid");
        await Aftercare.AssertHealthyAsync(host);
        return problem;
    }

    private async Task<VideoDto> AcceptedAsync(string title, string tag)
    {
        using var client = await ClientAsync();
        var upload = await ChunkedUpload.CreateAsync(client, title, 1000, tags: tag);
        using var abort = await client.DeleteAsync(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, abort.StatusCode);
        var video = (await client.GetFromJsonAsync<VideoDto>(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative)))!;
        await Aftercare.AssertHealthyAsync(host);
        return video;
    }

    private static Dictionary<string, object?> WithFile(object body)
    {
        var fields = body.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(body));
        fields["fileName"] = "clip.mp4";
        fields["size"] = 1000;
        return fields;
    }
}
