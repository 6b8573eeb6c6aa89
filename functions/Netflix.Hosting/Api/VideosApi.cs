using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Videos;

namespace Netflix.Hosting.Api;

/// <summary>The video routes: metadata and listing, the admin's changes, playback links and watch positions.</summary>
public sealed class VideosApi(
    ApiGate gate, VideoService videos, StreamService streams, WatchProgressService progress, PosterLinks posters, ViewerCountry countries)
{
    /// <summary>Newest first; viewers see ready videos only; admins may ask for one uploader's (uploadedBy=me for their own).</summary>
    public Task<Results<Ok<VideoListResponse>, ProblemResult>> ListAsync(HttpContext http)
        => gate.ViewerAsync(http, async (caller, ct) =>
        {
            var query = http.Request.Query;
            var page = await videos.ListAsync(
                caller.IsAdmin,
                ApiInput.Status(query["status"]),
                ApiInput.UploadedBy(query["uploadedBy"], caller),
                ApiInput.WholeNumber(query["pageSize"], "list-page-size-invalid"),
                query["next"],
                ct);
            return TypedResults.Ok(new VideoListResponse([.. page.Items.Select(v => posters.Response(v, http.Request))], page.Next));
        });

    public Task<Results<Ok<VideoResponse>, ProblemResult>> GetAsync(HttpContext http, string id)
        => gate.ViewerAsync(http, async (caller, ct) => TypedResults.Ok(posters.Response(await videos.GetAsync(id, caller.IsAdmin, ct), http.Request)));

    public Task<Results<Accepted<VideoResponse>, ProblemResult>> ReprocessAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            var video = await videos.ReprocessAsync(id, ct);
            return TypedResults.Accepted(ApiRoutes.VideoPath(video.Id), posters.Response(video, http.Request));
        });

    public Task<Results<NoContent, ProblemResult>> DeleteAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            await videos.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

    public Task<Results<Ok<AvailabilityBody>, ProblemResult>> SetAvailabilityAsync(HttpContext http, string id)
        => gate.AdminAsync(http, async (_, ct) =>
        {
            var body = await ApiInput.ReadJsonAsync<AvailabilityBody>(http.Request, ct);
            return TypedResults.Ok(AvailabilityBody.From(await videos.SetAvailabilityAsync(id, body.Allowed, body.Blocked, ct)));
        });

    /// <summary>A signed playback link (JSON, or a redirect with redirect=true), held to the caller's stream rate.</summary>
    public Task<Results<Results<Ok<PlaybackLink>, RedirectHttpResult>, ProblemResult>> StreamAsync(HttpContext http, string id)
        => gate.ViewerAsync<Results<Ok<PlaybackLink>, RedirectHttpResult>>(
            http,
            async (caller, ct) =>
            {
                var query = http.Request.Query;
                var link = http.Request.Absolute(await streams.GetLinkAsync(
                    caller.Id, caller.IsAdmin, id, query["codec"], query["resolution"], ApiInput.Offset(query["offset"]), countries.Of(http.Request, caller), ct));
                return ApiInput.Flag(query["redirect"]) ? TypedResults.Redirect(link.Url) : TypedResults.Ok(link);
            },
            ApiLimit.Stream);

    public Task<Results<Ok<PositionResponse>, ProblemResult>> GetProgressAsync(HttpContext http, string id)
        => gate.ViewerAsync(http, async (caller, ct) => TypedResults.Ok(PositionResponse.From(await progress.GetAsync(caller.Id, caller.IsAdmin, id, ct))));

    public Task<Results<Ok<PositionResponse>, ProblemResult>> SaveProgressAsync(HttpContext http, string id)
        => gate.ViewerAsync(http, async (caller, ct) =>
        {
            var body = await ApiInput.ReadJsonAsync<PositionBody>(http.Request, ct);
            var seconds = body.Position ?? throw AppException.Invalid("position-invalid", "A position in seconds is required.");
            return TypedResults.Ok(PositionResponse.From(await progress.SaveAsync(caller.Id, caller.IsAdmin, id, seconds, ct)));
        });
}
