using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Netflix.Core.Search;

namespace Netflix.Hosting.Api;

/// <summary>Search over ready videos' titles and tags, with tag filters and an opaque next-page token.</summary>
public sealed class SearchApi(ApiGate gate, SearchService search, PosterLinks posters)
{
    public Task<Results<Ok<SearchResponse>, ProblemResult>> SearchAsync(HttpContext http)
        => gate.ViewerAsync(
            http,
            async (_, ct) =>
            {
                var query = http.Request.Query;
                var tags = query["tag"].OfType<string>().ToList();
                var page = await search.SearchAsync(query["q"], tags, ApiInput.WholeNumber(query["pageSize"], "search-page-size-invalid"), query["next"], ct);
                return TypedResults.Ok(SearchResponse.From(page, id => posters.Poster(id, http.Request)));
            },
            ApiLimit.Search);
}
