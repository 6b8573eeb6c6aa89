using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Netflix.Local.Tests;

[Collection(HostCollection.Name)]
public sealed class UploadApiTests(PlatformHost host)
{
    [Fact]
    public async Task A_chunked_upload_is_committed_byte_for_byte_and_becomes_a_ready_video()
    {
        using var client = host.Client(host.AdminToken);
        var file = await File.ReadAllBytesAsync(host.Clip);

        var id = await ChunkedUpload.UploadAsync(client, host.Clip, "Chunked upload", "chunks,test");
        var video = await host.WaitForAsync(id, v => v.Status is "ready" or "failed");

        Assert.Equal("ready", video.Status);
        Assert.Equal(["chunks", "test"], video.Tags);
        Assert.Equal("admin-1", video.UploadedBy);
        Assert.InRange(video.Duration!.Value, 3.9, 4.1);
        Assert.Equal(["240p", "144p"], video.Renditions.Select(r => r.Name));
        Assert.NotNull(video.ThumbnailUrl);
        var original = Directory.GetFiles(Path.Combine(host.DataDirectory, "store", "sources", id)).Single();
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await File.ReadAllBytesAsync(original)));
    }

    [Fact]
    public async Task The_status_lists_what_the_server_holds_so_a_client_can_resume()
    {
        using var client = host.Client(host.AdminToken);
        var file = await File.ReadAllBytesAsync(host.Clip);
        var upload = await ChunkedUpload.CreateAsync(client, "Resumed", file.Length);
        Assert.True(upload.ChunkCount >= 3);

        // Chunk 1 twice (harmless), chunk 0 with a bad checksum (not kept).
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var again = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 1, ChunkedUpload.Slice(file, upload, 1)));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var corrupted = ChunkedUpload.Slice(file, upload, 0);
        var sent = (byte[])corrupted.Clone();
        sent[10] ^= 0xFF;
        await Problems.AssertAsync(
            client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 0, sent, digestOf: corrupted)), HttpStatusCode.BadRequest, "upload-checksum-mismatch");

        var status = await client.GetFromJsonAsync<UploadDto>(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative));
        Assert.Equal([1], status!.Received);
        Assert.Equal(upload.ChunkCount - 1, status.MissingCount);
        Assert.Equal([new ChunkRangeDto(0, 0), new ChunkRangeDto(2, upload.ChunkCount - 1)], status.Missing);

        // Completing with chunks missing is refused; sending the rest completes it.
        await Problems.AssertAsync(client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null), HttpStatusCode.Conflict, "upload-incomplete");
        foreach (var index in status.MissingChunks)
        {
            using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(file, upload, index)));
            response.EnsureSuccessStatusCode();
        }

        using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        var original = Directory.GetFiles(Path.Combine(host.DataDirectory, "store", "sources", upload.VideoId)).Single();
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await File.ReadAllBytesAsync(original)));

        // A closed upload takes no more chunks; completing again is harmless.
        await Problems.AssertAsync(
            client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 0, ChunkedUpload.Slice(file, upload, 0))), HttpStatusCode.Conflict, "upload-closed");
        using var twice = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, twice.StatusCode);
    }

    [Fact]
    public async Task Bad_chunks_are_refused_with_their_own_codes()
    {
        using var client = host.Client(host.AdminToken);
        var upload = await ChunkedUpload.CreateAsync(client, "Bad chunks", 200_000);
        var full = new byte[upload.ChunkSize];
        var last = new byte[upload.Size - ((long)upload.ChunkSize * (upload.ChunkCount - 1))];

        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, upload.ChunkCount, last)), HttpStatusCode.BadRequest, "upload-chunk-out-of-range");
        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, -1, last)), HttpStatusCode.BadRequest, "upload-chunk-out-of-range");
        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 0, last)), HttpStatusCode.BadRequest, "upload-chunk-size");
        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, upload.ChunkCount - 1, full)), HttpStatusCode.BadRequest, "upload-chunk-size");

        using var noDigest = ChunkedUpload.Chunk(upload.UploadId, 0, full);
        noDigest.Headers.Remove("Content-Digest");
        await Problems.AssertAsync(client.SendAsync(noDigest), HttpStatusCode.BadRequest, "upload-checksum-missing");

        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk("no-such-upload", 0, full)), HttpStatusCode.NotFound, "upload-not-found");
        var status = await client.GetFromJsonAsync<UploadDto>(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative));
        Assert.Empty(status!.Received);
    }

    [Fact]
    public async Task Bad_upload_requests_are_problems_with_stable_codes()
    {
        using var client = host.Client(host.AdminToken);

        var longTitle = await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = new string('x', 10_000), fileName = "a.mp4", size = 10 }),
            HttpStatusCode.BadRequest,
            "video-metadata-invalid");
        Assert.Contains("title", longTitle.Errors!.Keys);

        var badTags = await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "ok", tags = new[] { "fine", "bad<tag>", "\u0007bell" }, fileName = "a.mp4", size = 10 }),
            HttpStatusCode.BadRequest,
            "video-metadata-invalid");
        Assert.Contains("tags", badTags.Errors!.Keys);

        await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "", fileName = "a.mp4", size = 10 }), HttpStatusCode.BadRequest, "video-metadata-invalid");
        await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "ok", fileName = "a.mp4" }), HttpStatusCode.BadRequest, "upload-size-invalid");
        await Problems.AssertAsync(
            client.PostAsync(new Uri("/api/uploads", UriKind.Relative), new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest,
            "request-malformed");
        await Problems.AssertAsync(
            client.PostAsync(new Uri("/api/uploads", UriKind.Relative), new StringContent("title=x", System.Text.Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType,
            "request-unsupported-media-type");
    }

    [Fact]
    public async Task File_names_with_paths_and_control_characters_never_reach_storage()
    {
        using var client = host.Client(host.AdminToken);

        using var response = await client.PostAsJsonAsync(
            new Uri("/api/uploads", UriKind.Relative),
            new { title = "Sneaky", fileName = "../../etc/passwd\u0000.mp4", size = 100 });
        var upload = (await response.Content.ReadFromJsonAsync<UploadDto>())!;
        var video = await client.GetFromJsonAsync<VideoDto>(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(22, upload.VideoId.Length);
        Assert.DoesNotContain("..", Directory.EnumerateFileSystemEntries(Path.Combine(host.DataDirectory, "store"), "*", SearchOption.AllDirectories).Select(Path.GetFileName)!);
        Assert.Equal("uploading", video!.Status);
    }

    [Fact]
    public async Task The_one_shot_form_uploads_a_small_file()
    {
        var video = await host.UploadAndWaitAsync(host.Clip, "One shot", "oneshot,test");

        Assert.Equal("ready", video.Status);
        Assert.Equal("A test video.", video.Summary);
        Assert.Equal(["oneshot", "test"], video.Tags);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_with_a_reason_and_can_be_reprocessed()
    {
        var notes = Path.Combine(host.DataDirectory, "notes.mp4");
        await File.WriteAllTextAsync(notes, "These are meeting notes, not a video.");

        var video = await host.UploadAndWaitAsync(notes, "Not a video", "test");

        Assert.Equal("failed", video.Status);
        Assert.Equal("media-not-media", video.Failure!.Code);
        using var client = host.Client(host.AdminToken);
        using var reprocess = await client.PostAsync(new Uri($"/api/videos/{video.Id}/reprocess", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, reprocess.StatusCode);
        var again = await host.WaitForAsync(video.Id, v => v.Status is "failed" && v.Failure is not null);
        Assert.Equal("media-not-media", again.Failure!.Code);

        // The original is kept through it all.
        Assert.Equal(await File.ReadAllBytesAsync(notes), await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(host.DataDirectory, "store", "sources", video.Id)).Single()));
    }

    [Fact]
    public async Task A_one_shot_upload_without_a_file_part_is_refused()
    {
        using var client = host.Client(host.AdminToken);
        using var form = new MultipartFormDataContent { { new StringContent("No file"), "title" } };

        await Problems.AssertAsync(client.PostAsync(new Uri("/api/videos", UriKind.Relative), form), HttpStatusCode.BadRequest, "upload-data-missing");
        await Problems.AssertAsync(
            client.PostAsync(new Uri("/api/videos", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType,
            "request-unsupported-media-type");
    }
}
