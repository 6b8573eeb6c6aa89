using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Netflix.Core.Playback;
using Netflix.Hosting;
using Netflix.Hosting.Api;

namespace Netflix.Functions;

/// <summary>
/// The /api routes as HTTP functions, each bound to the same handler in Netflix.Hosting that the local host binds
/// (<see cref="ApiRoutes"/>): who may call, rate limits, the country header and every answer live there. The worker's
/// ASP.NET Core integration executes the returned results. What is added here is the Functions app's own: the
/// invocation's Durable client, through which completing an upload or reprocessing starts its orchestration.
/// </summary>
public sealed class ApiFunctions(UploadsApi uploads, VideosApi videos, SearchApi search, HealthApi health, PlaylistApi playlists)
{
    [Function("uploads-create")]
    public Task<Results<Created<UploadResponse>, ProblemResult>> CreateUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Uploads)] HttpRequest request)
        => uploads.CreateAsync(request.HttpContext);

    [Function("uploads-chunk")]
    public Task<Results<Ok<ChunkResponse>, ProblemResult>> PutChunk(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.UploadChunk)] HttpRequest request, string id, int index)
        => uploads.PutChunkAsync(request.HttpContext, id, index);

    [Function("uploads-status")]
    public Task<Results<Ok<UploadResponse>, ProblemResult>> UploadStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Upload)] HttpRequest request, string id)
        => uploads.StatusAsync(request.HttpContext, id);

    [Function("uploads-complete")]
    public async Task<Results<Accepted<VideoResponse>, ProblemResult>> CompleteUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.UploadComplete)] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        using var starter = InvocationIngestStarter.Use(client);
        return await uploads.CompleteAsync(request.HttpContext, id);
    }

    [Function("uploads-abort")]
    public Task<Results<NoContent, ProblemResult>> AbortUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Upload)] HttpRequest request, string id)
        => uploads.AbortAsync(request.HttpContext, id);

    [Function("videos-upload-once")]
    public async Task<Results<Accepted<VideoResponse>, ProblemResult>> UploadOnce(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Videos)] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        using var starter = InvocationIngestStarter.Use(client);
        return await uploads.UploadOnceAsync(request.HttpContext);
    }

    [Function("videos-list")]
    public Task<Results<Ok<VideoListResponse>, ProblemResult>> ListVideos(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Videos)] HttpRequest request)
        => videos.ListAsync(request.HttpContext);

    [Function("videos-get")]
    public Task<Results<Ok<VideoResponse>, ProblemResult>> GetVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Video)] HttpRequest request, string id)
        => videos.GetAsync(request.HttpContext, id);

    [Function("videos-reprocess")]
    public async Task<Results<Accepted<VideoResponse>, ProblemResult>> Reprocess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Reprocess)] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        using var starter = InvocationIngestStarter.Use(client);
        return await videos.ReprocessAsync(request.HttpContext, id);
    }

    [Function("videos-delete")]
    public Task<Results<NoContent, ProblemResult>> DeleteVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Video)] HttpRequest request, string id)
        => videos.DeleteAsync(request.HttpContext, id);

    [Function("videos-availability")]
    public Task<Results<Ok<AvailabilityBody>, ProblemResult>> SetAvailability(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Availability)] HttpRequest request, string id)
        => videos.SetAvailabilityAsync(request.HttpContext, id);

    [Function("videos-stream")]
    public Task<Results<Results<Ok<PlaybackLink>, RedirectHttpResult>, ProblemResult>> Stream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Stream)] HttpRequest request, string id)
        => videos.StreamAsync(request.HttpContext, id);

    [Function("videos-progress-get")]
    public Task<Results<Ok<PositionResponse>, ProblemResult>> GetProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.WatchProgress)] HttpRequest request, string id)
        => videos.GetProgressAsync(request.HttpContext, id);

    [Function("videos-progress-put")]
    public Task<Results<Ok<PositionResponse>, ProblemResult>> PutProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.WatchProgress)] HttpRequest request, string id)
        => videos.SaveProgressAsync(request.HttpContext, id);

    [Function("search")]
    public Task<Results<Ok<SearchResponse>, ProblemResult>> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Search)] HttpRequest request)
        => search.SearchAsync(request.HttpContext);

    [Function("health")]
    public Task<Results<JsonHttpResult<HealthResponse>, ProblemResult>> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request)
        => health.ReadyAsync(request.HttpContext);

    [Function("health-live")]
    public Task<Results<JsonHttpResult<HealthResponse>, ProblemResult>> Live(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Liveness)] HttpRequest request)
        => health.LiveAsync(request.HttpContext);

    [Function("playlists")]
    public Task<Results<ContentHttpResult, ProblemResult>> Playlist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Playlist)] HttpRequest request, string videoId, string? path)
        => playlists.GetAsync(request.HttpContext, videoId, path);
}
