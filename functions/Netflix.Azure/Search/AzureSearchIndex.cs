using System.Runtime.ExceptionServices;
using Azure;
using Azure.Core;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Models;
using Netflix.Core.Search;
using SearchDocument = Netflix.Core.Search.SearchDocument;

namespace Netflix.Azure.Search;

/// <summary>
/// Search with Azure AI Search, behaving as the Lucene edition does: every word must match a title, a tag or the
/// summary (titles weigh most, then tags, then summaries; the last word also matches as a prefix), tags filter exactly,
/// ties go to the newest, and no words lists everything newest first.
/// </summary>
/// <remarks>
/// Paging: the next-page token is a skip while skip + page size stays within the service's 100,000 limit. Past it, the
/// newest-first listing (no words, with or without tags) continues from the last hit's sort keys with
/// "publishedAt lt T or (publishedAt eq T and id gt K)", which is exact because (publishedAt desc, id asc) is a total
/// order, given that the service compares ids in the filter as it sorts them. A scored query has no such keys
/// (search.score() cannot be filtered on, and a cursor on publishedAt would drop or repeat hits), so its tokens stop
/// once 100,000 hits have been shown: the depth the Lucene edition reaches too. The total stays exact throughout.
/// </remarks>
public sealed class AzureSearchIndex : ISearchIndex
{
    private static readonly string[] Shown = [VideoIndex.Id, VideoIndex.Title, VideoIndex.Tags, VideoIndex.Duration, VideoIndex.PublishedAt];
    private static readonly string[] NewestFirst = [$"{VideoIndex.PublishedAt} desc", $"{VideoIndex.Id} asc"];
    private static readonly string[] BestFirst = ["search.score() desc", .. NewestFirst];
    private static readonly IndexDocumentsOptions FailOnAnyError = new() { ThrowOnAnyError = true };

    private readonly SearchIndexClient _indexes;
    private readonly SearchClient _documents;
    private readonly string _indexName;

    /// <summary>An index reached through <paramref name="indexes"/> (whose options carry the transport and credential).</summary>
    public AzureSearchIndex(SearchIndexClient indexes, string indexName)
    {
        _indexes = indexes;
        _indexName = indexName;
        _documents = indexes.GetSearchClient(indexName);
    }

    /// <summary>The configured index, signed in with <paramref name="credential"/> (a managed identity on Azure).</summary>
    public AzureSearchIndex(AzureSearchOptions options, TokenCredential credential, SearchClientOptions? clientOptions = null)
        : this(Client(options, credential, clientOptions), options.IndexName)
    {
    }

    /// <summary>Creates the index, or brings an existing one up to this schema; run on start.</summary>
    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
        => await _indexes.CreateOrUpdateIndexAsync(VideoIndex.Definition(_indexName), allowIndexDowntime: false, onlyIfUnchanged: false, cancellationToken);

    public Task UpsertAsync(SearchDocument document, CancellationToken cancellationToken)
        => IndexAsync(IndexDocumentsBatch.MergeOrUpload([IndexedVideo.From(document)]), cancellationToken);

    public Task DeleteAsync(string videoId, CancellationToken cancellationToken)
        => IndexAsync(IndexDocumentsBatch.Delete(VideoIndex.Id, [videoId]), cancellationToken);

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var words = SearchSyntax.Words(query.Text);
        var browse = words.Count == 0;
        var cursor = PageCursor.Decode(query.PageToken, keysetAllowed: browse);
        var options = new SearchOptions
        {
            QueryType = SearchQueryType.Full,
            SearchMode = SearchMode.All,
            ScoringProfile = VideoIndex.ScoringProfile,
            Filter = SearchSyntax.Filter(query.Tags, cursor),
            Size = query.PageSize,
            Skip = cursor.Skip > 0 ? cursor.Skip : null,
            IncludeTotalCount = true,
        };
        foreach (var field in Shown)
        {
            options.Select.Add(field);
        }

        foreach (var order in browse ? NewestFirst : BestFirst)
        {
            options.OrderBy.Add(order);
        }

        var response = await _documents.SearchAsync<IndexedVideo>(browse ? "*" : SearchSyntax.Text(words), options, cancellationToken);
        var hits = new List<SearchHit>(query.PageSize);
        IndexedVideo? last = null;
        await foreach (var result in response.Value.GetResultsAsync().WithCancellation(cancellationToken))
        {
            last = result.Document;
            hits.Add(last.ToHit(browse ? 0 : result.Score ?? 0));
            if (hits.Count == query.PageSize)
            {
                // Stop here: reading on would make the SDK fetch a further page.
                break;
            }
        }

        // Under a keyset filter the count is what remains after the cursor.
        var counted = response.Value.TotalCount ?? hits.Count;
        var total = cursor.IsKeyset ? cursor.Position + counted : counted;
        return new SearchPage(hits, total, Next(cursor, hits.Count, last, total, query.PageSize, browse)?.Encode());
    }

    /// <summary>Sends a one-document batch; a document the service refused throws that document's own failure and status.</summary>
    private async Task IndexAsync<T>(IndexDocumentsBatch<T> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _documents.IndexDocumentsAsync(batch, FailOnAnyError, cancellationToken);
        }
        catch (AggregateException failed) when (failed.InnerExceptions is [RequestFailedException refused])
        {
            ExceptionDispatchInfo.Throw(refused);
        }
    }

    private static PageCursor? Next(PageCursor cursor, int count, IndexedVideo? last, long total, int pageSize, bool browse)
    {
        var seen = cursor.Position + count;
        if (last is null || seen >= total)
        {
            return null;
        }

        if (!browse)
        {
            return seen < PageCursor.MaxSkip ? PageCursor.AtSkip((int)seen) : null;
        }

        return !cursor.IsKeyset && seen + pageSize <= PageCursor.MaxSkip
            ? PageCursor.AtSkip((int)seen)
            : PageCursor.After(seen, last.PublishedAt, last.Id);
    }

    private static SearchIndexClient Client(AzureSearchOptions options, TokenCredential credential, SearchClientOptions? clientOptions)
    {
        var problems = AzureSearchOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        return new SearchIndexClient(options.Endpoint!, credential, clientOptions ?? new SearchClientOptions());
    }
}
