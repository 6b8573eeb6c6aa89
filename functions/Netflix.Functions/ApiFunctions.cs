using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Netflix.Azure.Auth;
using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Hosting;
using Netflix.Media.Tools;

namespace Netflix.Functions;

/// <summary>
/// The /api routes of the local host as HTTP functions, calling the same Core services. The caller comes from App
/// Service authentication (Entra ID app roles "admin" and "viewer"); errors become problem details with the same
/// stable codes (<see cref="ProblemMiddleware"/>), the same request parsing and the same response shapes (Netflix.Hosting).
/// </summary>
public sealed class ApiFunctions(
    UploadService uploads,
    VideoService videos,
    StreamService streams,
    SearchService search,
    WatchProgressService progress,
    PlaylistService playlists,
    CdnGate gate,
    PosterLinks posters,
    ICatalog catalog,
    IMediaStore store,
    ISearchIndex index,
    MediaToolchain tools)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly bool PlatformAuthEnabled =
        string.Equals(Environment.GetEnvironmentVariable("WEBSITE_AUTH_ENABLED"), "true", StringComparison.OrdinalIgnoreCase);

    [Function("uploads-create")]
    public async Task<IActionResult> CreateUpload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "uploads")] HttpRequest request)
    {
        var caller = await RequireAsync(request, admin: true);
        var body = await request.ReadFromJsonAsync<CreateUploadBody>(Json, request.HttpContext.RequestAborted)
            ?? throw AppException.Invalid("request-body-missing", "A JSON body is required.");
        var status = await uploads.CreateAsync(caller.Id, body.ToRequest(), request.HttpContext.RequestAborted);
        return new CreatedResult($"/api/uploads/{status.UploadId}", UploadResponse.From(status));
    }

    [Function("uploads-chunk")]
    public async Task<IActionResult> PutChunk(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "uploads/{id}/chunks/{index:int}")] HttpRequest request, string id, int index)
    {
        await RequireAsync(request, admin: true);
        ChunkContent.RequireRawBytes(request.ContentType);
        var digest = ContentDigest.ParseSha256(request.Headers["Content-Digest"].ToString());
        var chunk = await uploads.PutChunkAsync(id, index, request.ContentLength, digest, request.Body, request.HttpContext.RequestAborted);
        return new OkObjectResult(new ChunkResponse(chunk.Index, chunk.Size, chunk.Sha256));
    }

    [Function("uploads-status")]
    public async Task<IActionResult> UploadStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{id}")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        return new OkObjectResult(UploadResponse.From(await uploads.GetStatusAsync(id, request.HttpContext.RequestAborted)));
    }

    [Function("uploads-complete")]
    public async Task<IActionResult> CompleteUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "uploads/{id}/complete")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        await RequireAsync(request, admin: true);
        using var starter = InvocationIngestStarter.Use(client);
        return Accepted(request, await uploads.CompleteAsync(id, request.HttpContext.RequestAborted));
    }

    [Function("uploads-abort")]
    public async Task<IActionResult> AbortUpload([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "uploads/{id}")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        await uploads.AbortAsync(id, request.HttpContext.RequestAborted);
        return new NoContentResult();
    }

    [Function("videos-upload-once")]
    public async Task<IActionResult> UploadOnce([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "videos")] HttpRequest request)
    {
        var caller = await RequireAsync(request, admin: true);
        return Accepted(request, await OneShotForm.UploadAsync(request, caller.Id, uploads, request.HttpContext.RequestAborted));
    }

    [Function("videos-list")]
    public async Task<IActionResult> ListVideos([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos")] HttpRequest request)
    {
        var caller = await RequireAsync(request, admin: false);
        var page = await videos.ListAsync(
            caller.Role == UserRole.Admin,
            ApiInput.Status(request.Query["status"]),
            ApiInput.WholeNumber(request.Query["pageSize"], "list-page-size-invalid"),
            request.Query["next"],
            request.HttpContext.RequestAborted);
        return new OkObjectResult(new VideoListResponse(page.Items.Select(v => posters.Response(v, request)).ToList(), page.Next));
    }

    [Function("videos-get")]
    public async Task<IActionResult> GetVideo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        return new OkObjectResult(posters.Response(await videos.GetAsync(id, caller.Role == UserRole.Admin, request.HttpContext.RequestAborted), request));
    }

    [Function("videos-reprocess")]
    public async Task<IActionResult> Reprocess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "videos/{id}/reprocess")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        await RequireAsync(request, admin: true);
        using var starter = InvocationIngestStarter.Use(client);
        return Accepted(request, await videos.ReprocessAsync(id, request.HttpContext.RequestAborted));
    }

    [Function("videos-delete")]
    public async Task<IActionResult> DeleteVideo([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "videos/{id}")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        await videos.DeleteAsync(id, request.HttpContext.RequestAborted);
        return new NoContentResult();
    }

    [Function("videos-availability")]
    public async Task<IActionResult> SetAvailability([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "videos/{id}/availability")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        var body = await request.ReadFromJsonAsync<AvailabilityBody>(Json, request.HttpContext.RequestAborted)
            ?? throw AppException.Invalid("request-body-missing", "A JSON body is required.");
        var video = await videos.SetAvailabilityAsync(id, body.Allowed, body.Blocked, request.HttpContext.RequestAborted);
        return new OkObjectResult(AvailabilityBody.From(video));
    }

    [Function("videos-stream")]
    public async Task<IActionResult> Stream([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}/stream")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        var link = request.Absolute(await streams.GetLinkAsync(
            caller.Id,
            id,
            request.Query["codec"],
            request.Query["resolution"],
            ApiInput.Offset(request.Query["offset"]),
            GeoAvailability.Normalize(caller.Country),
            request.HttpContext.RequestAborted));
        return ApiInput.Flag(request.Query["redirect"]) ? new RedirectResult(link.Url) : new OkObjectResult(link);
    }

    [Function("videos-progress-get")]
    public async Task<IActionResult> GetProgress([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}/watch-progress")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        return new OkObjectResult(PositionResponse.From(await progress.GetAsync(caller.Id, id, request.HttpContext.RequestAborted)));
    }

    [Function("videos-progress-put")]
    public async Task<IActionResult> PutProgress([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "videos/{id}/watch-progress")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        var body = await request.ReadFromJsonAsync<PositionBody>(Json, request.HttpContext.RequestAborted);
        var seconds = body?.Position ?? throw AppException.Invalid("position-invalid", "A position in seconds is required.");
        return new OkObjectResult(PositionResponse.From(await progress.SaveAsync(caller.Id, id, seconds, request.HttpContext.RequestAborted)));
    }

    [Function("search")]
    public async Task<IActionResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request)
    {
        await RequireAsync(request, admin: false);
        var tags = request.Query["tag"].Where(t => t is not null).Select(t => t!).ToList();
        var page = await search.SearchAsync(
            request.Query["q"],
            tags,
            ApiInput.WholeNumber(request.Query["pageSize"], "search-page-size-invalid"),
            request.Query["next"],
            request.HttpContext.RequestAborted);
        return new OkObjectResult(SearchResponse.From(page, videoId => posters.Poster(videoId, request)));
    }

    [Function("health-live")]
    public static IActionResult Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/live")] HttpRequest request)
        => new OkObjectResult(new { status = "healthy" });

    /// <summary>Readiness: the catalog, the media store and the search index answer, and ffmpeg is there.</summary>
    [Function("health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var checks = new Dictionary<string, string>();
        async Task Check(string name, Func<Task<string>> probe)
        {
            try
            {
                checks[name] = await probe();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                checks[name] = "unhealthy: " + ex.GetType().Name;
            }
        }

        var ct = request.HttpContext.RequestAborted;
        await Check("catalog", async () => { await catalog.FindUserAsync("health-probe", ct); return "healthy"; });
        await Check("store", async () => { await store.StatAsync(StoreKeys.Source("health-probe", ".mp4"), ct); return "healthy"; });
        await Check("search", async () => $"healthy: {(await index.SearchAsync(new SearchQuery(null, [], 1, null), ct)).Total} documents");
        await Check("media-tools", () => Task.FromResult($"healthy: ffmpeg {tools.Version}"));
        var healthy = checks.Values.All(v => v.StartsWith("healthy", StringComparison.Ordinal));
        return new ObjectResult(new { status = healthy ? "healthy" : "unhealthy", checks }) { StatusCode = healthy ? 200 : 503 };
    }

    /// <summary>Playlists and storyboards, rewritten per request so each URI inside carries its own signature.</summary>
    [Function("playlists")]
    public async Task<IActionResult> Playlist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cdn/{videoId}/{*path}")] HttpRequest request, string videoId, string path)
    {
        // Segments and images are served by the CDN from storage (SAS URLs); only playlists come through here.
        if (!PlaylistService.IsPlaylist(path))
        {
            throw CdnGate.NotFound();
        }

        var grant = await gate.AdmitAsync(videoId, path, ApiInput.Pairs(request.Query), edgeCountry: null, request.HttpContext.RequestAborted);
        var text = await playlists.RenderAsync(grant, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.CacheControl = "private, no-cache";
        return new ContentResult { Content = text, ContentType = grant.ContentType };
    }

    /// <summary>The caller, kept in the catalog with the role the token carries.</summary>
    private async Task<User> RequireAsync(HttpRequest request, bool admin)
    {
        // The header is only trustworthy when App Service authentication is on: it then strips the header from
        // incoming requests and sets it itself. Without it, anyone could send one.
        var principal = (PlatformAuthEnabled ? ClientPrincipal.Parse(request.Headers[ClientPrincipal.HeaderName]) : null)
            ?? throw new AppException(ErrorKind.Unauthorized, "auth-required", "Sign in to use the API.");
        var role = principal.IsInRole("admin") ? UserRole.Admin : principal.IsInRole("viewer") ? UserRole.Viewer : (UserRole?)null;
        if (role is null || (admin && role != UserRole.Admin))
        {
            throw new AppException(ErrorKind.Forbidden, "auth-forbidden", "Your role does not allow this.");
        }

        var id = principal.FindFirstValue("sub")!;
        var user = await catalog.FindUserAsync(id, request.HttpContext.RequestAborted);
        if (user is null || user.Role != role)
        {
            user = (user ?? new User(id, principal.Identity?.Name ?? id, role.Value, DateTimeOffset.UtcNow)) with { Role = role.Value };
            await catalog.UpsertUserAsync(user, request.HttpContext.RequestAborted);
        }

        request.HttpContext.User = principal;
        return user;
    }

    private AcceptedResult Accepted(HttpRequest request, Video video) => new AcceptedResult($"/api/videos/{video.Id}", posters.Response(video, request));
}
