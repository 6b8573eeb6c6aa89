using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Netflix.Core.Search;

namespace Netflix.Local.Search;

/// <summary>
/// Search with Lucene.NET: every word of the query must match a title, a tag or the summary (titles weigh most;
/// the last word also matches as a prefix, for search as you type), tags filter exactly, and ties go to the newest.
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const int MaxOffset = 100_000;

    private readonly Lucene.Net.Store.Directory _directory;
    private readonly Analyzer _analyzer = new StandardAnalyzer(Version);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private static readonly Sort NewestSort = new(new SortField("published", SortFieldType.INT64, true), new SortField("id", SortFieldType.STRING));

    private static readonly Sort BestFirstSort = new(SortField.FIELD_SCORE, new SortField("published", SortFieldType.INT64, true), new SortField("id", SortFieldType.STRING));

    private readonly System.Threading.Lock _commitLock = new();
    private NewestOrder? _newest;

    /// <summary>
    /// An index in a folder, read with positional file reads. Not memory-mapped: Lucene.NET tracks every clone of a
    /// memory-mapped input in a weak table, and with a few dozen clones per query those entries pile up faster than
    /// they are collected, making each garbage collection slower the longer the host serves searches.
    /// </summary>
    public LuceneSearchIndex(string folder)
        : this(new NIOFSDirectory(new DirectoryInfo(folder)))
    {
    }

    private LuceneSearchIndex(Lucene.Net.Store.Directory directory)
    {
        _directory = directory;
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        _writer.Commit();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>An index held in memory, for tests and benchmarks.</summary>
    public static LuceneSearchIndex InMemory() => new(new RAMDirectory());

    public Task UpsertAsync(SearchDocument document, CancellationToken cancellationToken)
    {
        _writer.UpdateDocument(new Term("id", document.VideoId), ToLucene(document));
        CommitAndRefresh();
        return Task.CompletedTask;
    }

    /// <summary>Adds many documents with one commit; for bulk loads.</summary>
    public void UpsertMany(IEnumerable<SearchDocument> documents)
    {
        foreach (var document in documents)
        {
            _writer.UpdateDocument(new Term("id", document.VideoId), ToLucene(document));
        }

        CommitAndRefresh();
    }

    public Task DeleteAsync(string videoId, CancellationToken cancellationToken)
    {
        _writer.DeleteDocuments(new Term("id", videoId));
        CommitAndRefresh();
        return Task.CompletedTask;
    }

    public Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var offset = PageToken.Decode(query.PageToken, MaxOffset);
        var words = Tokens(query.Text ?? string.Empty);
        Query lucene = words.Count == 0 ? new MatchAllDocsQuery() : WordsQuery(words);
        Filter? filter = null;
        if (query.Tags.Count > 0)
        {
            var tags = new BooleanQuery();
            foreach (var tag in query.Tags)
            {
                tags.Add(new TermQuery(new Term("tag", tag)), Occur.MUST);
            }

            filter = new QueryWrapperFilter(tags);
        }

        var searcher = _searchers.Acquire();
        try
        {
            if (words.Count == 0 && filter is null)
            {
                // Browsing everything, newest first: the order is worked out once per index version, then paged.
                var newest = NewestFirst(searcher);
                var page = newest.Skip(offset).Take(query.PageSize).Select(doc => Hit(searcher, doc, 0)).ToList();
                var total = searcher.IndexReader.NumDocs;
                return Task.FromResult(new SearchPage(page, total, Next(offset, query.PageSize, total)));
            }

            var sort = words.Count == 0 ? NewestSort : BestFirstSort;
            var top = searcher.Search(lucene, filter, offset + query.PageSize, sort, doDocScores: words.Count > 0, doMaxScore: false);
            var hits = new List<SearchHit>(query.PageSize);
            for (var i = offset; i < top.ScoreDocs.Length; i++)
            {
                hits.Add(Hit(searcher, top.ScoreDocs[i].Doc, top.ScoreDocs[i].Score));
            }

            return Task.FromResult(new SearchPage(hits, top.TotalHits, Next(offset, query.PageSize, top.TotalHits)));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static string? Next(int offset, int pageSize, int total)
        => offset + pageSize < Math.Min(total, MaxOffset) ? PageToken.Encode(offset + pageSize) : null;

    private static SearchHit Hit(IndexSearcher searcher, int docId, float score)
    {
        var doc = searcher.Doc(docId);
        var ticks = doc.GetField("duration")?.GetInt64Value();
        return new SearchHit(
            doc.Get("id"),
            doc.Get("title"),
            doc.GetValues("tag"),
            ticks is { } t && t >= 0 ? TimeSpan.FromTicks(t) : null,
            float.IsNaN(score) ? 0 : score);
    }

    /// <summary>Every document's id, newest first (as far as paging can reach), for the searcher's version of the index.</summary>
    private int[] NewestFirst(IndexSearcher searcher)
    {
        if (Volatile.Read(ref _newest) is { } known && ReferenceEquals(known.Searcher, searcher))
        {
            return known.Docs;
        }

        var count = Math.Max(1, Math.Min(searcher.IndexReader.NumDocs, MaxOffset));
        var top = searcher.Search(new MatchAllDocsQuery(), null, count, NewestSort, doDocScores: false, doMaxScore: false);
        var docs = top.ScoreDocs.Select(d => d.Doc).ToArray();
        Volatile.Write(ref _newest, new NewestOrder(searcher, docs));
        return docs;
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private static Document ToLucene(SearchDocument document)
    {
        var doc = new Document
        {
            new StringField("id", document.VideoId, Field.Store.YES),
            new TextField("title", document.Title, Field.Store.YES),
            new TextField("summary", document.Summary, Field.Store.NO),
            new TextField("tags", string.Join(' ', document.Tags), Field.Store.NO),
            new StoredField("duration", document.Duration?.Ticks ?? -1),
            new NumericDocValuesField("published", document.PublishedAt.UtcTicks),
            new SortedDocValuesField("id", new BytesRef(document.VideoId)),
        };
        foreach (var tag in document.Tags)
        {
            doc.Add(new StringField("tag", tag, Field.Store.YES));
        }

        return doc;
    }

    /// <summary>Every word must match somewhere; a title match counts most, then tags, then the summary.</summary>
    private static BooleanQuery WordsQuery(List<string> words)
    {
        var all = new BooleanQuery();
        for (var i = 0; i < words.Count; i++)
        {
            var last = i == words.Count - 1;
            var any = new BooleanQuery();
            foreach (var (field, boost) in new[] { ("title", 3f), ("tags", 2f), ("summary", 1f) })
            {
                any.Add(new TermQuery(new Term(field, words[i])) { Boost = boost }, Occur.SHOULD);
                if (last && words[i].Length >= 2)
                {
                    any.Add(new PrefixQuery(new Term(field, words[i])) { Boost = boost * 0.5f }, Occur.SHOULD);
                }
            }

            all.Add(any, Occur.MUST);
        }

        return all;
    }

    /// <summary>The query's words as the index stores them: split and lower-cased by the same analyzer, at most 16.</summary>
    private List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream("title", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && tokens.Count < 16)
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    private void CommitAndRefresh()
    {
        lock (_commitLock)
        {
            _writer.Commit();
        }

        _searchers.MaybeRefreshBlocking();
    }
}

/// <summary>The newest-first order of one version of the index (one searcher).</summary>
internal sealed record NewestOrder(IndexSearcher Searcher, int[] Docs);
