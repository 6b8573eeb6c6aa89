using System.Net.Http.Json;
using Netflix.Testing;

namespace Netflix.Local.Tests;

/// <summary>The resumable upload protocol as a client speaks it.</summary>
internal static class ChunkedUpload
{
    public static async Task<UploadDto> CreateAsync(HttpClient client, string title, long size, string tags = "test", string fileName = "clip.mp4", string? sha256 = null)
    {
        using var response = await client.PostAsJsonAsync(
            new Uri("/api/uploads", UriKind.Relative),
            new { title, description = "Uploaded in chunks.", tags = tags.Split(','), fileName, size, sha256 });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UploadDto>())!;
    }

    public static HttpRequestMessage Chunk(string uploadId, int index, byte[] data, byte[]? digestOf = null)
        => UploadRequests.Chunk(uploadId, index, data, digestOf ?? data);

    public static byte[] Slice(byte[] file, UploadDto upload, int index)
        => file[(index * upload.ChunkSize)..Math.Min(file.Length, (index + 1) * upload.ChunkSize)];

    /// <summary>Uploads every chunk (in reverse order, to show order does not matter) and completes; returns the video id.</summary>
    public static async Task<string> UploadAsync(HttpClient client, string path, string title, string tags = "test")
    {
        var file = await File.ReadAllBytesAsync(path);
        var upload = await CreateAsync(client, title, file.Length, tags, Path.GetFileName(path));
        for (var i = upload.ChunkCount - 1; i >= 0; i--)
        {
            using var response = await client.SendAsync(Chunk(upload.UploadId, i, Slice(file, upload, i)));
            response.EnsureSuccessStatusCode();
        }

        using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, complete.StatusCode);
        return upload.VideoId;
    }
}
