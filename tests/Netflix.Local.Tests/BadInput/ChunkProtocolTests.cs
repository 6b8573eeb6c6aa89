using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// Misbehaving clients of the resumable upload. A refused chunk is never counted, a received one never changes; once
/// the right bytes arrive the upload completes and the stored original is exactly the file.
/// </summary>
[Trait("Report", "bad-input")]
[Collection(BadRequestCollection.Name)]
public sealed class ChunkProtocolTests(PlatformHost host)
{
    // Four chunks of the host's 64 KiB, the last one short; the content does not matter to the protocol.
    private static readonly byte[] Payload = RandomBytes(200_000);

    [Fact]
    public async Task A_chunk_with_the_wrong_checksum_is_refused_and_not_counted()
    {
        var (client, upload) = await StartAsync();
        var chunk = ChunkedUpload.Slice(Payload, upload, 1);
        var damaged = (byte[])chunk.Clone();
        damaged[7] ^= 0x40;

        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 1, damaged, digestOf: chunk)), HttpStatusCode.BadRequest, "upload-checksum-mismatch");

        Assert.Empty((await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, Enumerable.Range(0, upload.ChunkCount));
    }

    [Fact]
    public async Task The_same_chunk_twice_is_harmless()
    {
        var (client, upload) = await StartAsync();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 2, ChunkedUpload.Slice(Payload, upload, 2)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal([2], (await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, [0, 1, 3]);
    }

    [Fact]
    public async Task A_received_chunk_is_final_other_bytes_for_it_are_refused_and_the_same_digest_again_changes_nothing()
    {
        var (client, upload) = await StartAsync();
        var first = ChunkedUpload.Slice(Payload, upload, 1);
        var other = first.Select(b => (byte)~b).ToArray();
        using (var accepted = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 1, first)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var problem = await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 1, other)), HttpStatusCode.Conflict, "upload-chunk-conflict");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(first)), problem.Detail, StringComparison.Ordinal);

        // The digest it was received with acknowledges it again, whatever bytes come along: they are not read.
        using (var again = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 1, other, digestOf: first)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
        }

        Assert.Equal([1], (await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, [0, 2, 3, 1]);
    }

    [Fact]
    public async Task A_chunk_cut_off_mid_body_is_refused_and_a_received_chunk_keeps_its_bytes()
    {
        var (client, upload) = await StartAsync();
        var chunk = ChunkedUpload.Slice(Payload, upload, 2);
        var token = await host.TokenAsync("bad-chunks", UserRole.Admin);

        // The host may not answer a request whose connection ended early; if it does, it is a refusal of the request.
        var (status, body) = await SendCutOffAsync(token, upload.UploadId, 2, chunk, digestOf: chunk, sent: chunk.Length / 2);
        Assert.True(status is 0 or 400, $"Expected no answer or 400, got {status}: {body}");
        Assert.Empty((await StatusAsync(client, upload)).Received);

        using (var accepted = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 2, chunk)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Other bytes under the received chunk's digest, cut off: whatever the answer, the chunk's bytes stay.
        (status, body) = await SendCutOffAsync(token, upload.UploadId, 2, RandomBytes(chunk.Length), digestOf: chunk, sent: chunk.Length / 2);
        Assert.True(status is 0 or 200, $"Expected no answer or 200, got {status}: {body}");

        Assert.Equal([2], (await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, [0, 1, 3]);
    }

    [Fact]
    public async Task Chunks_out_of_order_are_fine()
    {
        var (client, upload) = await StartAsync();

        await FinishAsync(client, upload, [2, 0, 3, 1]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1_000_000)]
    public async Task A_chunk_index_past_the_end_is_refused(int index)
    {
        var (client, upload) = await StartAsync();
        Assert.Equal(4, upload.ChunkCount);

        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(Payload, upload, 3))), HttpStatusCode.BadRequest, "upload-chunk-out-of-range");

        await FinishAsync(client, upload, Enumerable.Range(0, upload.ChunkCount));
    }

    [Fact]
    public async Task Completing_with_a_chunk_missing_is_refused_until_it_arrives()
    {
        var (client, upload) = await StartAsync();
        foreach (var index in new[] { 0, 1, 3 })
        {
            using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(Payload, upload, index)));
            response.EnsureSuccessStatusCode();
        }

        var problem = await Problems.AssertAsync(client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null), HttpStatusCode.Conflict, "upload-incomplete");

        Assert.Contains("2", problem.Detail, StringComparison.Ordinal);
        var status = await StatusAsync(client, upload);
        Assert.Equal(1, status.MissingCount);
        Assert.Equal([new ChunkRangeDto(2, 2)], status.Missing);
        await FinishAsync(client, upload, [2]);
    }

    [Fact]
    public async Task A_file_digest_that_does_not_match_is_refused_at_completion_and_loses_nothing()
    {
        using var client = await ClientAsync();
        var wrong = Convert.ToHexStringLower(SHA256.HashData(Payload.AsSpan(1)));
        var upload = await ChunkedUpload.CreateAsync(client, "Bad digest", Payload.Length, fileName: "random.bin", sha256: wrong.ToUpperInvariant());
        Assert.Equal(wrong, upload.Sha256);
        foreach (var index in upload.MissingChunks)
        {
            using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(Payload, upload, index)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var problem = await Problems.AssertAsync(Complete(client, upload, body: null), HttpStatusCode.Conflict, "upload-file-checksum-mismatch");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Payload)), problem.Detail, StringComparison.Ordinal);

        // Nothing was committed or discarded: the upload is open with every chunk, and completes with the file's digest.
        var status = await StatusAsync(client, upload);
        Assert.Equal(("open", 0, 4), (status.State, status.MissingCount, status.Received.Count));
        Assert.False(Directory.Exists(Aftercare.SourceFolder(host, upload.VideoId)));
        await Problems.AssertAsync(Complete(client, upload, body: new { sha256 = "not-hex" }), HttpStatusCode.BadRequest, "upload-sha256-invalid");
        await Problems.AssertAsync(Complete(client, upload, body: null), HttpStatusCode.Conflict, "upload-file-checksum-mismatch");
        using (var completed = await Complete(client, upload, body: new { sha256 = Convert.ToHexStringLower(SHA256.HashData(Payload)) }))
        {
            Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        }

        await Aftercare.AssertSourceKeptAsync(host, upload.VideoId, Payload);
        await Aftercare.AssertHealthyAsync(host);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public async Task A_chunk_larger_than_the_chunk_size_is_refused(int extra)
    {
        var (client, upload) = await StartAsync();
        var tooBig = RandomBytes(upload.ChunkSize + extra);

        await Problems.AssertAsync(client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 0, tooBig)), HttpStatusCode.BadRequest, "upload-chunk-size");

        Assert.Empty((await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, Enumerable.Range(0, upload.ChunkCount));
    }

    [Fact]
    public async Task A_chunk_far_larger_than_the_endpoint_takes_is_refused_as_too_large()
    {
        var (client, upload) = await StartAsync();
        using var request = ChunkedUpload.Chunk(upload.UploadId, 0, RandomBytes(upload.ChunkSize * 4));
        request.Headers.TransferEncodingChunked = true;

        await Problems.AssertAsync(client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "request-too-large");

        Assert.Empty((await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, Enumerable.Range(0, upload.ChunkCount));
    }

    [Fact]
    public async Task A_zero_byte_resumable_upload_is_refused()
    {
        using var client = await ClientAsync();

        await Problems.AssertAsync(
            client.PostAsJsonAsync(new Uri("/api/uploads", UriKind.Relative), new { title = "Empty", fileName = "empty.mp4", size = 0 }), HttpStatusCode.BadRequest, "upload-size-invalid");

        await Aftercare.AssertHealthyAsync(host);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_chunk_with_the_wrong_content_type_is_refused(string contentType)
    {
        var (client, upload) = await StartAsync();
        using var request = ChunkedUpload.Chunk(upload.UploadId, 0, ChunkedUpload.Slice(Payload, upload, 0));
        request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        await Problems.AssertAsync(client.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "request-unsupported-media-type");

        Assert.Empty((await StatusAsync(client, upload)).Received);
        await FinishAsync(client, upload, Enumerable.Range(0, upload.ChunkCount));
    }

    private async Task<HttpClient> ClientAsync()
        => host.Client(await host.TokenAsync("bad-chunks", UserRole.Admin));

    private async Task<(HttpClient Client, UploadDto Upload)> StartAsync()
    {
        var client = await ClientAsync();
        return (client, await ChunkedUpload.CreateAsync(client, "Bad chunks", Payload.Length, fileName: "random.bin"));
    }

    private static Task<HttpResponseMessage> Complete(HttpClient client, UploadDto upload, object? body)
        => client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), body is null ? null : JsonContent.Create(body));

    private static async Task<UploadDto> StatusAsync(HttpClient client, UploadDto upload)
        => (await client.GetFromJsonAsync<UploadDto>(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative)))!;

    /// <summary>Sends the given chunks in that order, completes, and checks the original and the host.</summary>
    private async Task FinishAsync(HttpClient client, UploadDto upload, IEnumerable<int> order)
    {
        using (client)
        {
            foreach (var index in order)
            {
                using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(Payload, upload, index)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }

        await Aftercare.AssertSourceKeptAsync(host, upload.VideoId, Payload);
        await Aftercare.AssertHealthyAsync(host);
    }

    /// <summary>
    /// PUTs a chunk whose Content-Length promises all of <paramref name="data"/> but sends only its first
    /// <paramref name="sent"/> bytes, then ends its side of the connection; returns the answer's status (0 if none) and text.
    /// </summary>
    private async Task<(int Status, string Body)> SendCutOffAsync(string token, string uploadId, int index, byte[] data, byte[] digestOf, int sent)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"PUT /api/uploads/{uploadId}/chunks/{index} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Digest: sha-256=:{Convert.ToBase64String(SHA256.HashData(digestOf))}:\r\n"
            + $"Content-Length: {data.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(data.AsMemory(0, sent));
        tcp.Client.Shutdown(SocketShutdown.Send);

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer);
        }
        catch (IOException)
        {
            // The host may close the connection once it has answered.
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        var parts = text.Split(' ', 3);
        return (parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0, text);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
