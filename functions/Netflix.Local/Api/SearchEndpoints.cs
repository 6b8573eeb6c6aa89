using Netflix.Core.Search;
using Netflix.Hosting;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", async (string? q, string[]? tag, string? pageSize, string? next, HttpContext http, SearchService search, PosterLinks posters, CancellationToken ct) =>
        {
            var page = await search.SearchAsync(q, tag, ApiInput.WholeNumber(pageSize, "search-page-size-invalid"), next, ct);
            return Results.Ok(SearchResponse.From(page, id => posters.Poster(id, http.Request)));
        })
        .RequireAuthorization(Policies.Viewer)
        .RequireRateLimiting(Protection.SearchPolicy)
        .WithTags("Search")
        .WithSummary("Finds ready videos by words in the title and tags (and summary), optionally only those with every given tag; pages with an opaque next token.");
        return app;
    }
}
