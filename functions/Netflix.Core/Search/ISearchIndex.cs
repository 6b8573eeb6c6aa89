namespace Netflix.Core.Search;

public sealed record SearchDocument(
    string VideoId,
    string Title,
    string Summary,
    IReadOnlyList<string> Tags,
    TimeSpan? Duration,
    string? Rating,
    DateTimeOffset PublishedAt);

/// <param name="Text">Words to match in titles and tags (summaries weigh less); empty lists everything.</param>
/// <param name="Tags">Only videos carrying every one of these tags.</param>
/// <param name="PageToken">The opaque token from the previous page.</param>
public sealed record SearchQuery(string? Text, IReadOnlyList<string> Tags, int PageSize, string? PageToken);

public sealed record SearchHit(string VideoId, string Title, IReadOnlyList<string> Tags, TimeSpan? Duration, double Score);

public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, long Total, string? NextPageToken);

/// <summary>The search engine database: what viewers can find, by title words and tags.</summary>
public interface ISearchIndex
{
    Task UpsertAsync(SearchDocument document, CancellationToken cancellationToken);

    Task DeleteAsync(string videoId, CancellationToken cancellationToken);

    Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}
