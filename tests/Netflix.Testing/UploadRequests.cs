using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Netflix.Testing;

/// <summary>Requests of the resumable upload protocol, as every client in the tests and benchmarks sends them.</summary>
public static class UploadRequests
{
    /// <summary>PUT of one chunk, relative to the API's base address, with the sha-256 Content-Digest of its bytes.</summary>
    public static HttpRequestMessage Chunk(string uploadId, int index, ReadOnlyMemory<byte> data) => Chunk(uploadId, index, data, digestOf: data);

    /// <summary>PUT of one chunk with the Content-Digest of <paramref name="digestOf"/> (other bytes, to send a wrong one).</summary>
    public static HttpRequestMessage Chunk(string uploadId, int index, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> digestOf)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/{index}") { Content = new ReadOnlyMemoryContent(data) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(digestOf.Span))}:");
        return request;
    }

    /// <summary>The indexes of the chunks an upload status (GET /api/uploads/{id}) lists as missing, from its ranges.</summary>
    public static IEnumerable<int> MissingChunks(JsonElement status)
        => status.GetProperty("missing").EnumerateArray()
            .SelectMany(range => Enumerable.Range(range.GetProperty("from").GetInt32(), range.GetProperty("to").GetInt32() - range.GetProperty("from").GetInt32() + 1));
}
