using Microsoft.AspNetCore.Mvc;
using Netflix.Core.Uploads;
using Netflix.Hosting.Api;

namespace Netflix.Local.Api;

/// <summary>
/// The /api routes, each bound to its handler in Netflix.Hosting, as the Functions app's triggers bind the same ones:
/// who may call, rate limits, the country header and every answer live there. What is added here is this host's
/// own: request-body limits for Kestrel and the OpenAPI descriptions.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app, UploadOptions options)
    {
        app.MapPost(Api(ApiRoutes.Uploads), (HttpContext http, UploadsApi api) => api.CreateAsync(http))
            .WithTags("Uploads").WithSummary("Starts a resumable upload: the video's metadata, the file's name and size, and optionally its SHA-256 ('sha256', hex). The answer gives the chunk size and count.");
        app.MapPut(Api(ApiRoutes.UploadChunk), (string id, int index, HttpContext http, UploadsApi api) => api.PutChunkAsync(http, id, index))
            .WithMetadata(new RequestSizeLimitAttribute(options.ChunkSize + 1024L))
            .WithTags("Uploads").WithSummary("Stores one chunk (the raw bytes as the body) with its 'Content-Digest: sha-256=:<base64>:'. A received chunk is final: the same digest again changes nothing, another is refused.");
        app.MapGet(Api(ApiRoutes.Upload), (string id, HttpContext http, UploadsApi api) => api.StatusAsync(http, id))
            .WithTags("Uploads").WithSummary("Which chunks the server holds and which are missing (as ranges), to resume an interrupted upload.");
        app.MapPost(Api(ApiRoutes.UploadComplete), (string id, HttpContext http, UploadsApi api) => api.CompleteAsync(http, id))
            .WithTags("Uploads").WithSummary("Checks the declared SHA-256 (an optional JSON body {\"sha256\"} replaces it), commits the chunks as the video's original and starts the pipeline.");
        app.MapDelete(Api(ApiRoutes.Upload), (string id, HttpContext http, UploadsApi api) => api.AbortAsync(http, id))
            .WithTags("Uploads").WithSummary("Abandons an upload and drops its chunks.");
        app.MapPost(Api(ApiRoutes.Videos), (HttpContext http, UploadsApi api) => api.UploadOnceAsync(http))
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxOneShotBytes + (1024 * 1024)))
            .WithTags("Uploads").WithSummary("The one-shot upload for small files: multipart/form-data with title, description, tags, rating, then the file as 'data'.");

        app.MapGet(Api(ApiRoutes.Videos), (HttpContext http, VideosApi api) => api.ListAsync(http))
            .WithTags("Videos").WithSummary("Videos, newest first (status, pageSize, next); viewers see ready ones only.");
        app.MapGet(Api(ApiRoutes.Video), (string id, HttpContext http, VideosApi api) => api.GetAsync(http, id))
            .WithTags("Videos").WithSummary("A video's metadata: title, summary, duration, rating, uploader, thumbnail, tags, renditions, status and progress.");
        app.MapPost(Api(ApiRoutes.Reprocess), (string id, HttpContext http, VideosApi api) => api.ReprocessAsync(http, id))
            .WithTags("Videos").WithSummary("Runs the pipeline again on a failed video's kept original.");
        app.MapDelete(Api(ApiRoutes.Video), (string id, HttpContext http, VideosApi api) => api.DeleteAsync(http, id))
            .WithTags("Videos").WithSummary("Removes a video from the catalog, search and the CDN origin (the original upload is kept).");
        app.MapPut(Api(ApiRoutes.Availability), (string id, HttpContext http, VideosApi api) => api.SetAvailabilityAsync(http, id))
            .WithTags("Videos").WithSummary("Sets the countries where a video may (allowed) or may not (blocked) be watched; both empty means everywhere.");
        app.MapGet(Api(ApiRoutes.Stream), (string id, HttpContext http, VideosApi api) => api.StreamAsync(http, id))
            .WithTags("Videos").WithSummary("A signed, expiring playback URL for the codec, resolution and start offset asked for (JSON, or a redirect with redirect=true). Without an offset playback resumes at the viewer's saved position.");
        app.MapGet(Api(ApiRoutes.WatchProgress), (string id, HttpContext http, VideosApi api) => api.GetProgressAsync(http, id))
            .WithTags("Videos").WithSummary("Where the caller stopped watching.");
        app.MapPut(Api(ApiRoutes.WatchProgress), (string id, HttpContext http, VideosApi api) => api.SaveProgressAsync(http, id))
            .WithTags("Videos").WithSummary("Saves where the caller stopped watching.");

        app.MapGet(Api(ApiRoutes.Search), (HttpContext http, SearchApi api) => api.SearchAsync(http))
            .WithTags("Search").WithSummary("Finds ready videos by words in the title and tags (and summary), optionally only those with every given tag (q, tag, pageSize, next).");

        app.MapGet(Api(ApiRoutes.Health), (HttpContext http, HealthApi api) => api.ReadyAsync(http))
            .WithTags("Health").WithSummary("Readiness: the catalog, the store, the search index and the media tools answer.");
        app.MapGet(Api(ApiRoutes.Liveness), (HttpContext http, HealthApi api) => api.LiveAsync(http))
            .WithTags("Health").WithSummary("Liveness: the process answers.");

        app.MapGet(Api(ApiRoutes.Playlist), (string videoId, string? path, HttpContext http, PlaylistApi api) => api.GetAsync(http, videoId, path))
            .ExcludeFromDescription();
        return app;
    }

    private static string Api(string route) => ApiRoutes.FromRoot(route);
}
