using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Netflix.Core.Playback;

namespace Netflix.Hosting.Api;

/// <summary>
/// The signed playlist route (<see cref="ApiRoutes.Playlist"/>): a video's playlists and storyboard, admitted by
/// <see cref="CdnGate"/> and rewritten per request so every URI inside carries its own signature. Segments and images
/// are not served here (on Azure the CDN serves them from storage); asking for one is the same cdn-not-found.
/// </summary>
public sealed class PlaylistApi(ApiGate gate, CdnGate cdn, PlaylistService playlists, ViewerCountry countries)
{
    public Task<Results<ContentHttpResult, ProblemResult>> GetAsync(HttpContext http, string videoId, string? path)
        => gate.AnyoneAsync(http, async ct =>
        {
            if (path is null || !PlaylistService.IsPlaylist(path))
            {
                throw CdnGate.NotFound();
            }

            var grant = await cdn.AdmitAsync(videoId, path, ApiInput.Pairs(http.Request.Query), countries.FromEdge(http.Request), ct);
            var text = await playlists.RenderAsync(grant, ct);

            // Each answer carries signatures made for this request, so it is never shared.
            http.Response.Headers.CacheControl = "private, no-cache";
            return TypedResults.Text(text, grant.ContentType);
        });
}
