namespace Netflix.Hosting.Api;

/// <summary>
/// Every /api route, relative to the prefix, in one place: the local host maps each under "/api/" and the Functions
/// app's HTTP triggers name the same template (the Functions host adds the "api/" prefix itself).
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Uploads = "uploads";
    public const string Upload = "uploads/{id}";
    public const string UploadChunk = "uploads/{id}/chunks/{index:int}";
    public const string UploadComplete = "uploads/{id}/complete";

    public const string Videos = "videos";
    public const string Video = "videos/{id}";
    public const string Reprocess = "videos/{id}/reprocess";
    public const string Availability = "videos/{id}/availability";
    public const string Stream = "videos/{id}/stream";
    public const string WatchProgress = "videos/{id}/watch-progress";

    public const string Search = "search";

    public const string Health = "health";
    public const string Liveness = "health/live";

    /// <summary>Signed playlists, rewritten per request; segments and images never come through here.</summary>
    public const string Playlist = "cdn/{videoId}/{*path}";

    /// <summary>A route as a path template from the root: "/api/videos/{id}".</summary>
    public static string FromRoot(string route) => $"/{Prefix}/{route}";

    public static string UploadPath(string uploadId) => FromRoot($"uploads/{uploadId}");

    public static string VideoPath(string videoId) => FromRoot($"videos/{videoId}");
}
