using System.Globalization;
using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Videos;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

/// <summary>Signed poster links for API responses.</summary>
public sealed class PosterLinks(IPlaybackSigner signer, PlaybackOptions options, TimeProvider time)
{
    public string? For(Video video, HttpRequest request)
        => video.HasThumbnails ? request.Absolute(signer.Sign($"{video.Id}/thumbs/poster.jpg", time.GetUtcNow() + options.LinkLifetime)) : null;
}

public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideos(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos").RequireAuthorization(Policies.Viewer);

        videos.MapGet("/{id}", async (string id, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await service.GetAsync(id, http.User.IsAdmin(), ct);
            return Results.Ok(VideoResponse.From(video, posters.For(video, http.Request)));
        }).WithSummary("A video's metadata: title, summary, duration, rating, uploader, thumbnail, tags, renditions, status and progress.");

        videos.MapGet("/", async (string? status, string? pageSize, string? next, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            VideoStatus? wanted = null;
            if (!string.IsNullOrEmpty(status))
            {
                wanted = Enum.TryParse<VideoStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw AppException.Invalid("list-status-invalid", "Status must be uploading, uploaded, processing, ready or failed.");
            }

            var page = await service.ListAsync(http.User.IsAdmin(), wanted, Int(pageSize, "list-page-size-invalid"), next, ct);
            return Results.Ok(new VideoListResponse(page.Items.Select(v => VideoResponse.From(v, posters.For(v, http.Request))).ToList(), page.Next));
        }).WithSummary("Videos, newest first; viewers see ready ones only.");

        videos.MapPost("/{id}/reprocess", async (string id, HttpContext http, VideoService service, PosterLinks posters, CancellationToken ct) =>
        {
            var video = await service.ReprocessAsync(id, ct);
            return Results.Accepted($"/api/videos/{video.Id}", VideoResponse.From(video, posters.For(video, http.Request)));
        }).RequireAuthorization(Policies.Admin).WithSummary("Runs the pipeline again on a failed video's kept original.");

        videos.MapDelete("/{id}", async (string id, VideoService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin).WithSummary("Removes a video from the catalog, search and the CDN origin (the original upload is kept).");

        videos.MapPut("/{id}/availability", async (string id, AvailabilityBody body, VideoService service, CancellationToken ct) =>
        {
            var video = await service.SetAvailabilityAsync(id, body.Allowed, body.Blocked, ct);
            return Results.Ok(new AvailabilityBody(video.AllowedCountries, video.BlockedCountries));
        }).RequireAuthorization(Policies.Admin).WithSummary("Sets the countries where a video may (allowed) or may not (blocked) be watched; both empty means everywhere.");

        videos.MapGet("/{id}/stream", async (
            string id, string? codec, string? resolution, string? offset, string? redirect, HttpContext http, StreamService streams, GeoOptions geo, ICatalog catalog, CancellationToken ct) =>
        {
            double? start = null;
            if (!string.IsNullOrEmpty(offset))
            {
                start = double.TryParse(offset, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw AppException.Invalid("stream-offset-invalid", "The offset must be a number of seconds.");
            }

            var country = await ViewerCountry.OfAsync(http, geo, catalog, ct);
            var link = await streams.GetLinkAsync(http.User.UserId(), id, codec, resolution, start, country, ct);
            link = link with
            {
                Url = http.Request.Absolute(link.Url),
                PosterUrl = link.PosterUrl is { } poster ? http.Request.Absolute(poster) : null,
                StoryboardUrl = link.StoryboardUrl is { } storyboard ? http.Request.Absolute(storyboard) : null,
            };
            return redirect is "true" or "1" ? Results.Redirect(link.Url) : Results.Ok(link);
        }).RequireRateLimiting(Protection.StreamPolicy).WithSummary("A signed, expiring playback URL for the codec, resolution and start offset asked for (JSON, or a redirect with redirect=true). Without an offset playback resumes at the viewer's saved position.");

        videos.MapGet("/{id}/watch-progress", async (string id, HttpContext http, WatchProgressService progress, CancellationToken ct) =>
        {
            var position = await progress.GetAsync(http.User.UserId(), id, ct);
            return Results.Ok(new PositionResponse(id, position.Position.TotalSeconds, position.UpdatedAt == DateTimeOffset.MinValue ? null : position.UpdatedAt));
        }).WithSummary("Where the caller stopped watching.");

        videos.MapPut("/{id}/watch-progress", async (string id, PositionBody body, HttpContext http, WatchProgressService progress, CancellationToken ct) =>
        {
            var saved = await progress.SaveAsync(http.User.UserId(), id, body.Position ?? throw AppException.Invalid("position-invalid", "A position in seconds is required."), ct);
            return Results.Ok(new PositionResponse(id, saved.Position.TotalSeconds, saved.UpdatedAt));
        }).WithSummary("Saves where the caller stopped watching.");

        return app;
    }

    internal static int? Int(string? text, string code)
        => string.IsNullOrEmpty(text)
            ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw AppException.Invalid(code, $"'{ClientText.Printable(text)}' is not a whole number.");
}

public sealed record AvailabilityBody(IReadOnlyList<string>? Allowed, IReadOnlyList<string>? Blocked);
