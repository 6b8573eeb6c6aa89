using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Netflix.Core.Errors;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
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
            return Results.Accepted($"/api/videos/{video.Id}", VideoResponse.From(video, posters.For(video, http.Request)));
        }).WithSummary("Commits the chunks as the video's original and starts the pipeline.");

        uploads.MapDelete("/{id}", async (string id, UploadService service, CancellationToken ct) =>
        {
            await service.AbortAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Abandons an upload and drops its chunks.");

        app.MapPost("/api/videos", async (HttpContext http, UploadService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await OneShotAsync(http, service, ct);
            return Results.Accepted($"/api/videos/{video.Id}", VideoResponse.From(video, posters.For(video, http.Request)));
        })
        .RequireAuthorization(Policies.Admin)
        .WithTags("Uploads")
        .WithMetadata(new RequestSizeLimitAttribute(options.MaxOneShotBytes + (1024 * 1024)))
        .WithSummary("The one-shot upload for small files: multipart/form-data with title, description, tags, rating, then the file as 'data'.");

        return app;
    }

    /// <summary>Reads the form's fields, then streams the file part straight to storage; fields must come before the file.</summary>
    private static async Task<Video> OneShotAsync(HttpContext http, UploadService service, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new AppException(ErrorKind.UnsupportedMediaType, "request-unsupported-media-type", "Send the one-shot upload as multipart/form-data.");
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (name.Equals("data", StringComparison.OrdinalIgnoreCase) || disposition.IsFileDisposition())
            {
                var metadata = new VideoMetadata(
                    First(fields, "title"),
                    First(fields, "summary") ?? First(fields, "description"),
                    fields.GetValueOrDefault("tags")?.SelectMany(t => t.Split(',')).ToList(),
                    First(fields, "rating"));
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                return await service.UploadWholeAsync(http.User.UserId(), metadata, fileName, section.Body, ct);
            }

            if (fields.Count > 32 || fields.Sum(f => f.Value.Count) > 64)
            {
                throw AppException.Invalid("upload-form-invalid", "The form has too many fields.");
            }

            var value = await new StreamReader(section.Body).ReadToEndAsync(ct);
            if (value.Length > 10_000)
            {
                throw AppException.Invalid("upload-form-invalid", $"Form field '{ClientText.Printable(name)}' is too long.");
            }

            if (!fields.TryGetValue(name, out var values))
            {
                fields[name] = values = [];
            }

            values.Add(value);
        }

        throw AppException.Invalid("upload-data-missing", "The form has no 'data' file part (it must come after the other fields).");
    }

    private static string? First(Dictionary<string, List<string>> fields, string name)
        => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
