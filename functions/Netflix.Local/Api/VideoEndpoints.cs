using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Videos;
using Netflix.Hosting;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideos(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos").RequireAuthorization(Policies.Viewer);

        videos.MapGet("/{id}", async (string id, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await service.GetAsync(id, http.User.IsAdmin(), ct);
            return Results.Ok(posters.Response(video, http.Request));
        }).WithSummary("A video's metadata: title, summary, duration, rating, uploader, thumbnail, tags, renditions, status and progress.");

        videos.MapGet("/", async (string? status, string? pageSize, string? next, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            var page = await service.ListAsync(http.User.IsAdmin(), ApiInput.Status(status), ApiInput.WholeNumber(pageSize, "list-page-size-invalid"), next, ct);
            return Results.Ok(new VideoListResponse(page.Items.Select(v => posters.Response(v, http.Request)).ToList(), page.Next));
        }).WithSummary("Videos, newest first; viewers see ready ones only.");

        videos.MapPost("/{id}/reprocess", async (string id, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await service.ReprocessAsync(id, ct);
            return Results.Accepted($"/api/videos/{video.Id}", posters.Response(video, http.Request));
        }).RequireAuthorization(Policies.Admin).WithSummary("Runs the pipeline again on a failed video's kept original.");

        videos.MapDelete("/{id}", async (string id, VideoService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin).WithSummary("Removes a video from the catalog, search and the CDN origin (the original upload is kept).");

        videos.MapPut("/{id}/availability", async (string id, AvailabilityBody body, VideoService service, CancellationToken ct) =>
        {
            var video = await service.SetAvailabilityAsync(id, body.Allowed, body.Blocked, ct);
            return Results.Ok(AvailabilityBody.From(video));
        }).RequireAuthorization(Policies.Admin).WithSummary("Sets the countries where a video may (allowed) or may not (blocked) be watched; both empty means everywhere.");

        videos.MapGet("/{id}/stream", async (
            string id, string? codec, string? resolution, string? offset, string? redirect, HttpContext http, StreamService streams, GeoOptions geo, ICatalog catalog, CancellationToken ct) =>
        {
            var country = await ViewerCountry.OfAsync(http, geo, catalog, ct);
            var link = http.Request.Absolute(await streams.GetLinkAsync(http.User.UserId(), id, codec, resolution, ApiInput.Offset(offset), country, ct));
            return ApiInput.Flag(redirect) ? Results.Redirect(link.Url) : Results.Ok(link);
        }).RequireRateLimiting(Protection.StreamPolicy).WithSummary("A signed, expiring playback URL for the codec, resolution and start offset asked for (JSON, or a redirect with redirect=true). Without an offset playback resumes at the viewer's saved position.");

        videos.MapGet("/{id}/watch-progress", async (string id, HttpContext http, WatchProgressService progress, CancellationToken ct) =>
        {
            return Results.Ok(PositionResponse.From(await progress.GetAsync(http.User.UserId(), id, ct)));
        }).WithSummary("Where the caller stopped watching.");

        videos.MapPut("/{id}/watch-progress", async (string id, PositionBody body, HttpContext http, WatchProgressService progress, CancellationToken ct) =>
        {
            var saved = await progress.SaveAsync(http.User.UserId(), id, body.Position ?? throw AppException.Invalid("position-invalid", "A position in seconds is required."), ct);
            return Results.Ok(PositionResponse.From(saved));
        }).WithSummary("Saves where the caller stopped watching.");

        return app;
    }
}
