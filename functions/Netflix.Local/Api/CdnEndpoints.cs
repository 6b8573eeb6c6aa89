using Netflix.Core.Playback;
using Netflix.Hosting;
using Netflix.Hosting.Api;
using Netflix.Local.Storage;

namespace Netflix.Local.Api;

/// <summary>
/// The CDN stand-in (this host's own; the /api/cdn playlist route is the API's, as on Azure): serves a video's playlists, segments and thumbnails to anyone holding a valid signed URL
/// (<see cref="CdnGate"/> decides, as on Azure). Playlists are rewritten per request so every URI in them carries
/// its own signature (with the same expiry); segments are served from disk with range requests and long cache
/// lifetimes.
/// </summary>
public static class CdnEndpoints
{
    public static IEndpointRouteBuilder MapCdn(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/cdn/{videoId}/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(string videoId, string? path, HttpContext http, CdnGate gate, PlaylistService playlists, FileMediaStore store, ViewerCountry countries, CancellationToken ct)
    {
        // Any site's player may fetch signed media, refusals included (they are written after the response is cleared).
        http.Response.OnStarting(static state =>
        {
            ((HttpResponse)state).Headers.AccessControlAllowOrigin = "*";
            return Task.CompletedTask;
        }, http.Response);

        var grant = await gate.AdmitAsync(videoId, path, ApiInput.Pairs(http.Request.Query), countries.FromEdge(http.Request), ct);
        if (grant.IsPlaylist)
        {
            var text = await playlists.RenderAsync(grant, ct);
            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.Text(text, grant.ContentType);
        }

        return new MediaFileResult(store.PathOf(grant.Key), grant.ContentType);
    }
}
