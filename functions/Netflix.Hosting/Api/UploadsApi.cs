using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Netflix.Core.Uploads;

namespace Netflix.Hosting.Api;

/// <summary>The upload routes (admins only): resumable sessions in chunks, and the one-shot form for small files.</summary>
public sealed class UploadsApi(ApiGate gate, UploadService uploads, PosterLinks posters)
{
    public Task<Results<Created<UploadResponse>, ProblemResult>> CreateAsync(HttpContext http)
        => gate.AdminAsync(http, async (caller, ct) =>
        {
            var body = await ApiInput.ReadJsonAsync<CreateUploadBody>(http.Request, ct);
            var status = await uploads.CreateAsync(caller.Id, body.ToRequest(), ct);
            return TypedResults.Created(ApiRoutes.UploadPath(status.UploadId), UploadResponse.From(status));
        });

    public Task<Results<Ok<ChunkResponse>, ProblemResult>> PutChunkAsync(HttpContext http, string id, int index)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            var request = http.Request;
            ChunkContent.RequireRawBytes(request.ContentType);
            var digest = ContentDigest.ParseSha256(request.Headers["Content-Digest"].ToString());
            var chunk = await uploads.PutChunkAsync(id, index, request.ContentLength, digest, request.Body, ct);
            return TypedResults.Ok(new ChunkResponse(chunk.Index, chunk.Size, chunk.Sha256));
        });

    public Task<Results<Ok<UploadResponse>, ProblemResult>> StatusAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) => TypedResults.Ok(UploadResponse.From(await uploads.GetStatusAsync(id, ct))));

    public Task<Results<Accepted<VideoResponse>, ProblemResult>> CompleteAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            var body = await ApiInput.ReadOptionalJsonAsync<CompleteUploadBody>(http.Request, ct);
            var video = await uploads.CompleteAsync(id, body?.Sha256, ct);
            return TypedResults.Accepted(ApiRoutes.VideoPath(video.Id), posters.Response(video, http.Request));
        });

    public Task<Results<NoContent, ProblemResult>> AbortAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            await uploads.AbortAsync(id, ct);
            return TypedResults.NoContent();
        });

    /// <summary>The seed's one-shot form: multipart/form-data with title, description, tags, rating, then the file as "data".</summary>
    public Task<Results<Accepted<VideoResponse>, ProblemResult>> UploadOnceAsync(HttpContext http)
        => gate.AdminAsync(http, async (caller, ct) =>
        {
            var video = await OneShotForm.UploadAsync(http.Request, caller.Id, uploads, ct);
            return TypedResults.Accepted(ApiRoutes.VideoPath(video.Id), posters.Response(video, http.Request));
        });
}
