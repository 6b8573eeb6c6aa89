using System.Globalization;
using Netflix.Core.Playback;
using Netflix.Core.Storage;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Local.Storage;

namespace Netflix.Local.Api;

/// <summary>
/// The CDN stand-in: serves a video's playlists, segments and thumbnails to anyone holding a valid signed URL.
/// Playlists are rewritten per request so every URI in them carries its own signature (with the same expiry);
/// segments are served from disk with range requests and long cache lifetimes.
/// </summary>
public static class CdnEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".m4s"] = "video/iso.segment",
        [".mp4"] = "video/mp4",
        [".jpg"] = "image/jpeg",
        [".vtt"] = "text/vtt; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapCdn(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/cdn/{videoId}/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(string videoId, string? path, HttpContext http, HmacPlaybackSigner signer, PlaylistService playlists, FileMediaStore store, ICatalog catalog, GeoOptions geo, CancellationToken ct)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var extension = Path.GetExtension(path ?? string.Empty);
        if (!Ids.IsValid(videoId) || path is null || !FileMediaStore.IsSafeKey(path) || !ContentTypes.TryGetValue(extension, out var contentType))
        {
            return Problem(http, 404, "cdn-not-found", "No such media file.");
        }

        var mediaPath = $"{videoId}/{path}";
        var query = http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));
        switch (signer.Verify(mediaPath, query, out var bound))
        {
            case SignatureStatus.Missing:
                return Problem(http, 403, "cdn-signature-missing", "This media URL is not signed.");
            case SignatureStatus.Invalid:
                return Problem(http, 403, "cdn-signature-invalid", "This media URL's signature is not valid for this file.");
            case SignatureStatus.Expired:
                return Problem(http, 403, "cdn-signature-expired", "This media URL has expired; ask for a new playback link.");
        }

        await GeoAvailability.RequireForLinkAsync(catalog, videoId, ViewerCountry.FromHeader(http, geo), bound, ct);

        if (PlaylistService.IsPlaylist(path))
        {
            var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(http.Request.Query["exp"]!, CultureInfo.InvariantCulture));
            var text = await playlists.RenderAsync(videoId, path, bound, expires, ct);
            if (text is null)
            {
                return Problem(http, 404, "cdn-not-found", "No such media file.");
            }

            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.Text(text, contentType);
        }

        var file = store.PathOf(StoreKeys.Media(videoId, path));
        if (!File.Exists(file))
        {
            return Problem(http, 404, "cdn-not-found", "No such media file.");
        }

        // Segment, init and image files never change once written: cache them for a year.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return new MediaFileResult(file, contentType);
    }

    private static IResult Problem(HttpContext http, int status, string code, string detail)
        => Results.Json(Problems.Create(http, status, code, detail), statusCode: status, contentType: "application/problem+json");
}
