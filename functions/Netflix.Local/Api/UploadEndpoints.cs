using Microsoft.AspNetCore.Mvc;
using Netflix.Core.Uploads;
using Netflix.Hosting;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app, UploadOptions options)
    {
        var uploads = app.MapGroup("/api/uploads").WithTags("Uploads").RequireAuthorization(Policies.Admin);

        uploads.MapPost("/", async (CreateUploadBody body, HttpContext http, UploadService service, CancellationToken ct) =>
        {
            var status = await service.CreateAsync(http.User.UserId(), body.ToRequest(), ct);
            return Results.Created($"/api/uploads/{status.UploadId}", UploadResponse.From(status));
        }).WithSummary("Starts a resumable upload: the video's metadata and the file's name and size. The answer gives the chunk size and count.");

        uploads.MapPut("/{id}/chunks/{index:int}", async (string id, int index, HttpRequest request, UploadService service, CancellationToken ct) =>
        {
            ChunkContent.RequireRawBytes(request.ContentType);
            var digest = ContentDigest.ParseSha256(request.Headers["Content-Digest"]);
            var chunk = await service.PutChunkAsync(id, index, request.ContentLength, digest, request.Body, ct);
            return Results.Ok(new ChunkResponse(chunk.Index, chunk.Size, chunk.Sha256));
        })
        .WithMetadata(new RequestSizeLimitAttribute(options.ChunkSize + 1024L))
        .WithSummary("Stores one chunk (the raw bytes as the body) with its 'Content-Digest: sha-256=:<base64>:'. Sending a chunk again is harmless.");

        uploads.MapGet("/{id}", async (string id, UploadService service, CancellationToken ct)
            => Results.Ok(UploadResponse.From(await service.GetStatusAsync(id, ct))))
            .WithSummary("Which chunks the server holds, to resume an interrupted upload.");

        uploads.MapPost("/{id}/complete", async (string id, HttpContext http, UploadService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await service.CompleteAsync(id, ct);
            return Results.Accepted($"/api/videos/{video.Id}", posters.Response(video, http.Request));
        }).WithSummary("Commits the chunks as the video's original and starts the pipeline.");

        uploads.MapDelete("/{id}", async (string id, UploadService service, CancellationToken ct) =>
        {
            await service.AbortAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Abandons an upload and drops its chunks.");

        app.MapPost("/api/videos", async (HttpContext http, UploadService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await OneShotForm.UploadAsync(http.Request, http.User.UserId(), service, ct);
            return Results.Accepted($"/api/videos/{video.Id}", posters.Response(video, http.Request));
        })
        .RequireAuthorization(Policies.Admin)
        .WithTags("Uploads")
        .WithMetadata(new RequestSizeLimitAttribute(options.MaxOneShotBytes + (1024 * 1024)))
        .WithSummary("The one-shot upload for small files: multipart/form-data with title, description, tags, rating, then the file as 'data'.");

        return app;
    }
}
