using Netflix.Core.Errors;
using Netflix.Core.Search;

namespace Netflix.Azure.Tests.Search;

/// <summary>
/// What every <see cref="ISearchIndex"/> must do, run against a real engine: every word must match (title over tags
/// over summary; the last word also as a prefix), tags filter exactly, ties go to the newest, no words lists
/// everything newest first, and pages cover every hit once.
/// </summary>
public abstract class SearchIndexConformance : IDisposable
{
    private static readonly DateTimeOffset Day0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ISearchIndex? _index;

    protected ISearchIndex Index => _index ??= CreateIndex();

    /// <summary>A new, empty index.</summary>
    protected abstract ISearchIndex CreateIndex();

    [Fact]
    public async Task Every_word_must_match()
    {
        await Add(Video("v1", "Star Wars"), Video("v2", "Star Trek"), Video("v3", "Wars of the Roses"));

        var page = await Search("star wars");

        Assert.Equal(["v1"], Ids(page));
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Words_match_in_titles_tags_and_summaries_in_any_case()
    {
        await Add(
            Video("v1", "OCEAN"),
            Video("v2", "Life", tags: ["ocean"]),
            Video("v3", "Blue", summary: "The Ocean"),
            Video("v4", "Desert", summary: "Sand"));

        Assert.Equal(["v1", "v2", "v3"], Ids(await Search("Ocean")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_tag_match_above_a_summary_match()
    {
        // The summary match is the newest and the title match the oldest, so only the weights can give this order.
        await Add(
            Video("v1", "Ocean", day: 1),
            Video("v2", "Life", tags: ["ocean"], day: 2),
            Video("v3", "Blue", summary: "ocean", day: 3));

        var page = await Search("ocean");

        Assert.Equal(["v1", "v2", "v3"], Ids(page));
        Assert.All(page.Hits, hit => Assert.True(hit.Score > 0));
    }

    [Fact]
    public async Task The_last_word_also_matches_as_a_prefix()
    {
        await Add(Video("v1", "Star Wars"), Video("v2", "Starship Troopers"), Video("v3", "Moon"));

        Assert.Equal(["v1"], Ids(await Search("star wa")));
        Assert.Equal(["v1", "v2"], Ids(await Search("sta")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_whole_word_ranks_above_a_longer_word_it_begins()
    {
        await Add(Video("v1", "Star", day: 1), Video("v2", "Stargate", day: 2));

        Assert.Equal(["v1", "v2"], Ids(await Search("star")));
    }

    [Fact]
    public async Task Query_syntax_in_the_input_is_plain_text()
    {
        await Add(Video("v1", "C++ Rocks"), Video("v2", "Star Wars"), Video("v3", "Wars"));

        Assert.Equal(["v1"], Ids(await Search("c++ (ROCKS)!")));
        Assert.Equal(["v2"], Ids(await Search("star -wars")));
        Assert.Equal(["v2"], Ids(await Search("\"wars star\"")));
        Assert.Empty((await Search("title:star")).Hits);
    }

    [Fact]
    public async Task Input_without_words_lists_everything()
    {
        await Add(Video("v1", "Ocean", day: 1), Video("v2", "Desert", day: 2));

        var page = await Search("&& || !");

        Assert.Equal(["v2", "v1"], Ids(page));
    }

    [Fact]
    public async Task Tags_filter_exactly_and_every_given_tag_must_be_present()
    {
        await Add(
            Video("v1", "One", tags: ["drama", "family"], day: 1),
            Video("v2", "Two", tags: ["drama"], day: 2),
            Video("v3", "Three", tags: ["family"], day: 3),
            Video("v4", "Four", tags: ["sci-fi"], day: 4),
            Video("v5", "Five", tags: ["sci"], day: 5),
            Video("v6", "Six", tags: ["it's"], day: 6));

        Assert.Equal(["v1"], Ids(await Search("", ["drama", "family"])));
        Assert.Equal(["v2", "v1"], Ids(await Search("", ["drama"])));
        Assert.Equal(["v5"], Ids(await Search("", ["sci"])));
        Assert.Equal(["v4"], Ids(await Search("", ["sci-fi"])));
        Assert.Equal(["v6"], Ids(await Search("", ["it's"])));
        Assert.Empty((await Search("", ["drama", "sci"])).Hits);
    }

    [Fact]
    public async Task Tags_filter_a_word_query()
    {
        await Add(
            Video("v1", "Ocean Story", tags: ["drama"]),
            Video("v2", "Ocean Facts", tags: ["documentary"]),
            Video("v3", "Desert Story", tags: ["drama"]));

        var page = await Search("ocean", ["drama"]);

        Assert.Equal(["v1"], Ids(page));
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Equal_scores_go_to_the_newest()
    {
        await Add(Video("v1", "Ocean One", day: 1), Video("v2", "Ocean Two", day: 3), Video("v3", "Ocean Six", day: 2));

        Assert.Equal(["v2", "v3", "v1"], Ids(await Search("ocean")));
    }

    [Fact]
    public async Task No_words_lists_everything_newest_first_then_by_id()
    {
        await Add(
            Video("b", "Bravo", day: 2),
            Video("c", "Charlie", day: 2),
            Video("a", "Alpha", day: 2),
            Video("d", "Delta", day: 1),
            Video("e", "Echo", day: 5));

        var page = await Search("");

        Assert.Equal(["e", "a", "b", "c", "d"], Ids(page));
        Assert.Equal(5, page.Total);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Pages_of_a_listing_show_every_video_once()
    {
        await Add([.. Enumerable.Range(0, 7).Select(i => Video($"v{i}", $"Title {i}", day: i))]);

        var pages = await AllPages("", 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Hits.Count));
        Assert.Equal(["v6", "v5", "v4", "v3", "v2", "v1", "v0"], pages.SelectMany(Ids));
        Assert.All(pages, page => Assert.Equal(7, page.Total));
    }

    [Fact]
    public async Task Pages_of_a_query_show_every_match_once_best_first()
    {
        await Add([
            .. Enumerable.Range(0, 5).Select(i => Video($"v{i}", "Ocean Tale", day: i)),
            Video("x1", "Desert Tale"),
            Video("t1", "Ocean", day: -1),
        ]);

        var pages = await AllPages("ocean", 2);

        Assert.Equal(["t1", "v4", "v3", "v2", "v1", "v0"], pages.SelectMany(Ids));
        Assert.All(pages, page => Assert.Equal(6, page.Total));
        Assert.Null(pages[^1].NextPageToken);
    }

    [Fact]
    public async Task A_hit_carries_title_tags_and_duration()
    {
        await Add(Video("v1", "Ocean Deep", tags: ["nature", "sea"], duration: TimeSpan.FromSeconds(5400)), Video("v2", "Ocean"));

        var hits = (await Search("ocean deep")).Hits;

        var hit = Assert.Single(hits);
        Assert.Equal(("v1", "Ocean Deep", TimeSpan.FromSeconds(5400)), (hit.VideoId, hit.Title, hit.Duration));
        Assert.Equal(["nature", "sea"], hit.Tags);
        Assert.Null(Assert.Single((await Search("ocean")).Hits, h => h.VideoId == "v2").Duration);
    }

    [Fact]
    public async Task Upsert_replaces_a_video()
    {
        await Add(Video("v1", "Old Title", tags: ["drama"]));
        await Add(Video("v1", "New Title", tags: ["comedy"]));

        Assert.Empty((await Search("old")).Hits);
        Assert.Empty((await Search("", ["drama"])).Hits);
        Assert.Equal(["v1"], Ids(await Search("new", ["comedy"])));
        Assert.Equal(1, (await Search("")).Total);
    }

    [Fact]
    public async Task Delete_removes_a_video_and_ignores_an_unknown_one()
    {
        await Add(Video("v1", "Ocean"), Video("v2", "Ocean Deep"));

        await Index.DeleteAsync("v1", CancellationToken.None);
        await Index.DeleteAsync("unknown", CancellationToken.None);

        Assert.Equal(["v2"], Ids(await Search("ocean")));
        Assert.Equal(1, (await Search("")).Total);
    }

    [Fact]
    public async Task Nothing_found_is_an_empty_last_page()
    {
        await Add(Video("v1", "Ocean"));

        var page = await Search("desert");

        Assert.Empty(page.Hits);
        Assert.Equal(0, page.Total);
        Assert.Null(page.NextPageToken);
    }

    [Theory]
    [InlineData("***")]
    [InlineData("bm90LWEtdG9rZW4")]
    public async Task A_malformed_page_token_is_refused_with_a_stable_code(string token)
    {
        await Add(Video("v1", "Ocean"));

        var refused = await Assert.ThrowsAsync<AppException>(() => Index.SearchAsync(new SearchQuery("", [], 10, token), CancellationToken.None));

        Assert.Equal(("search-token-invalid", ErrorKind.Invalid), (refused.Code, refused.Kind));
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_index as IDisposable)?.Dispose();
        }
    }

    private static SearchDocument Video(
        string id, string title, string summary = "", string[]? tags = null, int day = 0, TimeSpan? duration = null)
        => new(id, title, summary, tags ?? [], duration, null, Day0.AddDays(day));

    private static List<string> Ids(SearchPage page) => [.. page.Hits.Select(h => h.VideoId)];

    private async Task Add(params SearchDocument[] documents)
    {
        foreach (var document in documents)
        {
            await Index.UpsertAsync(document, CancellationToken.None);
        }
    }

    private Task<SearchPage> Search(string text, IReadOnlyList<string>? tags = null, int pageSize = 20)
        => Index.SearchAsync(new SearchQuery(text, tags ?? [], pageSize, null), CancellationToken.None);

    private async Task<List<SearchPage>> AllPages(string text, int pageSize)
    {
        var pages = new List<SearchPage>();
        string? token = null;
        do
        {
            var page = await Index.SearchAsync(new SearchQuery(text, [], pageSize, token), CancellationToken.None);
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token is not null && pages.Count < 100);

        return pages;
    }
}
