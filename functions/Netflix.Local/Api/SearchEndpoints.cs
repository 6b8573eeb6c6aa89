using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", async (string? q, string[]? tag, string? pageSize, string? next, HttpContext http, SearchService search, IPlaybackSigner signer, PlaybackOptions options, TimeProvider time, CancellationToken ct) =>
        {
            var page = await search.SearchAsync(q, tag, VideoEndpoints.Int(pageSize, "search-page-size-invalid"), next, ct);
            var expires = time.GetUtcNow() + options.LinkLifetime;
            var items = page.Hits
                .Select(h => new SearchHitResponse(h.VideoId, h.Title, h.Tags, h.Duration?.TotalSeconds, h.Score, http.Request.Absolute(signer.Sign($"{h.VideoId}/thumbs/poster.jpg", expires))))
                .ToList();
            return Results.Ok(new SearchResponse(items, page.Total, page.NextPageToken));
        })
        .RequireAuthorization(Policies.Viewer)
        .RequireRateLimiting(Protection.SearchPolicy)
        .WithTags("Search")
        .WithSummary("Finds ready videos by words in the title and tags (and summary), optionally only those with every given tag; pages with an opaque next token.");
        return app;
    }
}
