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
using Netflix.Media.Tools;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Functions;

/// <summary>
/// The /api routes of the local host as HTTP functions, calling the same Core services. The caller comes from App
/// Service authentication (Entra ID app roles "admin" and "viewer"); errors become problem details with the same
/// stable codes (<see cref="ProblemMiddleware"/>).
/// </summary>
public sealed class ApiFunctions(
    UploadService uploads,
    VideoService videos,
    StreamService streams,
    SearchService search,
    WatchProgressService progress,
    PlaylistService playlists,
    CdnGate gate,
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
        var body = await request.ReadFromJsonAsync<CreateUploadRequest>(Json, request.HttpContext.RequestAborted)
            ?? throw AppException.Invalid("request-body-missing", "A JSON body is required.");
        return new ObjectResult(await uploads.CreateAsync(caller, body, request.HttpContext.RequestAborted)) { StatusCode = StatusCodes.Status201Created };
    }

    [Function("uploads-chunk")]
    public async Task<IActionResult> PutChunk(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "uploads/{id}/chunks/{index:int}")] HttpRequest request, string id, int index)
    {
        await RequireAsync(request, admin: true);
        ChunkContent.RequireRawBytes(request.ContentType);
        var digest = ContentDigest.ParseSha256(request.Headers["Content-Digest"].ToString());
        return new OkObjectResult(await uploads.PutChunkAsync(id, index, request.ContentLength, digest, request.Body, request.HttpContext.RequestAborted));
    }

    [Function("uploads-status")]
    public async Task<IActionResult> UploadStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{id}")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        return new OkObjectResult(await uploads.GetStatusAsync(id, request.HttpContext.RequestAborted));
    }

    [Function("uploads-complete")]
    public async Task<IActionResult> CompleteUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "uploads/{id}/complete")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        await RequireAsync(request, admin: true);
        using var starter = InvocationIngestStarter.Use(client);
        return new AcceptedResult((string?)null, await uploads.CompleteAsync(id, request.HttpContext.RequestAborted));
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
        var video = await Netflix.Hosting.OneShotForm.UploadAsync(request, caller, uploads, request.HttpContext.RequestAborted);
        return new AcceptedResult($"/api/videos/{video.Id}", video);
    }

    [Function("videos-list")]
    public async Task<IActionResult> ListVideos([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos")] HttpRequest request)
    {
        var admin = IsAdmin(await RequireAsync(request, admin: false), request);
        var status = Enum.TryParse<VideoStatus>(request.Query["status"], ignoreCase: true, out var s) ? s : (VideoStatus?)null;
        var size = int.TryParse(request.Query["pageSize"], out var n) ? n : (int?)null;
        return new OkObjectResult(await videos.ListAsync(admin, status, size, request.Query["next"], request.HttpContext.RequestAborted));
    }

    [Function("videos-get")]
    public async Task<IActionResult> GetVideo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}")] HttpRequest request, string id)
    {
        var admin = IsAdmin(await RequireAsync(request, admin: false), request);
        return new OkObjectResult(await videos.GetAsync(id, admin, request.HttpContext.RequestAborted));
    }

    [Function("videos-reprocess")]
    public async Task<IActionResult> Reprocess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "videos/{id}/reprocess")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        await RequireAsync(request, admin: true);
        using var starter = InvocationIngestStarter.Use(client);
        return new AcceptedResult((string?)null, await videos.ReprocessAsync(id, request.HttpContext.RequestAborted));
    }

    [Function("videos-delete")]
    public async Task<IActionResult> DeleteVideo([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "videos/{id}")] HttpRequest request, string id)
    {
        await RequireAsync(request, admin: true);
        await videos.DeleteAsync(id, request.HttpContext.RequestAborted);
        return new NoContentResult();
    }

    [Function("videos-stream")]
    public async Task<IActionResult> Stream([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}/stream")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        double? offset = request.Query.ContainsKey("offset")
            ? double.TryParse(request.Query["offset"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var o)
                ? o
                : throw AppException.Invalid("stream-offset-invalid", "The offset must be a number of seconds.")
            : null;
        var country = (await catalog.FindUserAsync(caller, request.HttpContext.RequestAborted))?.Country;
        var link = await streams.GetLinkAsync(caller, id, request.Query["codec"], request.Query["resolution"], offset, country, request.HttpContext.RequestAborted);
        return request.Query["redirect"] == "true" ? new RedirectResult(link.Url) : new OkObjectResult(link);
    }

    [Function("videos-progress-get")]
    public async Task<IActionResult> GetProgress([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "videos/{id}/watch-progress")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        return new OkObjectResult(await progress.GetAsync(caller, id, request.HttpContext.RequestAborted));
    }

    [Function("videos-progress-put")]
    public async Task<IActionResult> PutProgress([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "videos/{id}/watch-progress")] HttpRequest request, string id)
    {
        var caller = await RequireAsync(request, admin: false);
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        var seconds = body.RootElement.TryGetProperty("position", out var p) && p.TryGetDouble(out var v)
            ? v
            : throw AppException.Invalid("position-invalid", "A position in seconds is required.");
        return new OkObjectResult(await progress.SaveAsync(caller, id, seconds, request.HttpContext.RequestAborted));
    }

    [Function("search")]
    public async Task<IActionResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request)
    {
        await RequireAsync(request, admin: false);
        var size = int.TryParse(request.Query["pageSize"], out var n) ? n : (int?)null;
        var tags = request.Query["tag"].Where(t => t is not null).Select(t => t!).ToList();
        return new OkObjectResult(await search.SearchAsync(request.Query["q"], tags, size, request.Query["next"], request.HttpContext.RequestAborted));
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

        var query = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));
        var grant = await gate.AdmitAsync(videoId, path, query, edgeCountry: null, request.HttpContext.RequestAborted);
        var text = await playlists.RenderAsync(grant, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.CacheControl = "private, no-cache";
        return new ContentResult { Content = text, ContentType = grant.ContentType };
    }

    /// <summary>The caller's user id; the user is kept in the catalog with the role the token carries.</summary>
    private async Task<string> RequireAsync(HttpRequest request, bool admin)
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
        if (await catalog.FindUserAsync(id, request.HttpContext.RequestAborted) is not { } user || user.Role != role)
        {
            await catalog.UpsertUserAsync(new User(id, principal.Identity?.Name ?? id, role.Value, DateTimeOffset.UtcNow), request.HttpContext.RequestAborted);
        }

        request.HttpContext.User = principal;
        return id;
    }

    private static bool IsAdmin(string caller, HttpRequest request) => caller.Length > 0 && request.HttpContext.User.IsInRole("admin");
}
