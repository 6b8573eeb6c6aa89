using System.Buffers.Text;
using System.Net;
using System.Text;
using Netflix.Core.Errors;
using Netflix.Core.Search;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Search;

/// <summary>The next-page token at the HTTP contract: skips first, a keyset cursor past the service's skip limit.</summary>
public sealed class AzureSearchPagingTests
{
    private static readonly DateTimeOffset March1 = new(2024, 3, 1, 8, 30, 0, 123, TimeSpan.Zero);

    private readonly FakeSearchService _service = new();

    [Fact]
    public async Task A_token_round_trips_as_a_skip_until_the_last_page()
    {
        // Five matches in all; each request is answered with the slice its skip asks for.
        _service.Reply = request =>
        {
            var skip = (int?)request.Json["skip"] ?? 0;
            var hits = Enumerable.Range(skip, Math.Min(2, 5 - skip)).Select(i => FakeSearchService.Hit($"v{i}", March1.AddDays(-i), score: 5 - i));
            return (HttpStatusCode.OK, FakeSearchService.SearchResponse(5, [.. hits]));
        };

        var first = await Search("ocean", 2, null);
        var second = await Search("ocean", 2, first.NextPageToken);
        var third = await Search("ocean", 2, second.NextPageToken);

        Assert.Equal([null, 2, 4], _service.Requests.Select(r => (int?)r.Json["skip"]));
        Assert.Equal(["v0", "v1", "v2", "v3", "v4"], new[] { first, second, third }.SelectMany(p => p.Hits).Select(h => h.VideoId));
        Assert.All(new[] { first, second, third }, page => Assert.Equal(5, page.Total));
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public async Task A_skip_token_is_the_core_page_token()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.SearchResponse(50, FakeSearchService.Hit("v1", March1)));

        var page = await Search("ocean", 1, PageToken.Encode(7));

        Assert.Equal(7, (int?)_service.Last.Json["skip"]);
        Assert.Equal(8, PageToken.Decode(page.NextPageToken, 100_000));
    }

    [Fact]
    public async Task The_listing_keeps_skipping_while_the_next_page_ends_within_the_skip_limit()
    {
        _service.Reply = _ => (HttpStatusCode.OK, Page(250_000, 10));

        var page = await Search("", 10, PageToken.Encode(99_980));

        Assert.Equal(99_980, (int?)_service.Last.Json["skip"]);
        Assert.Equal(99_990, PageToken.Decode(page.NextPageToken, 100_000));
    }

    [Fact]
    public async Task The_listing_switches_to_a_keyset_cursor_past_the_skip_limit()
    {
        _service.Reply = _ => (HttpStatusCode.OK, Page(250_000, 10));
        var atLimit = await Search("", 10, PageToken.Encode(99_990), ["drama"]);

        // The hits after the cursor: the service counts only those.
        _service.Reply = _ => (HttpStatusCode.OK, Page(150_000, 10, first: 10));
        var beyond = await Search("", 10, atLimit.NextPageToken, ["drama"]);
        _service.Reply = _ => (HttpStatusCode.OK, Page(149_990, 10, first: 20));
        var further = await Search("", 10, beyond.NextPageToken, ["drama"]);

        var keyset = _service.Requests[1].Json;
        Assert.False(keyset.ContainsKey("skip"));
        Assert.Equal(10, (int?)keyset["top"]);
        Assert.Equal("*", (string?)keyset["search"]);
        Assert.Equal("publishedAt desc,id asc", (string?)keyset["orderby"]);
        Assert.Equal(
            "status eq 'ready' and tags/any(t: t eq 'drama') and "
                + "(publishedAt lt 2024-03-01T08:21:00.1230000+00:00 or (publishedAt eq 2024-03-01T08:21:00.1230000+00:00 and id gt 'v9'))",
            (string?)keyset["filter"]);
        Assert.Equal(
            "status eq 'ready' and tags/any(t: t eq 'drama') and "
                + "(publishedAt lt 2024-03-01T08:11:00.1230000+00:00 or (publishedAt eq 2024-03-01T08:11:00.1230000+00:00 and id gt 'v19'))",
            (string?)_service.Requests[2].Json["filter"]);
        Assert.Equal([250_000L, 250_000L, 250_000L], new[] { atLimit, beyond, further }.Select(p => p.Total));
        Assert.Throws<AppException>(() => PageToken.Decode(beyond.NextPageToken, int.MaxValue));
    }

    [Fact]
    public async Task The_keyset_listing_ends_when_the_remaining_hits_are_shown()
    {
        _service.Reply = _ => (HttpStatusCode.OK, Page(250_000, 10));
        var atLimit = await Search("", 10, PageToken.Encode(99_990));

        _service.Reply = _ => (HttpStatusCode.OK, Page(4, 4, first: 10));
        var end = await Search("", 10, atLimit.NextPageToken);

        Assert.Equal(100_004, end.Total);
        Assert.Null(end.NextPageToken);
    }

    [Theory]
    [InlineData(99_980, true)]
    [InlineData(99_990, false)]
    public async Task Scored_results_end_at_the_skip_limit(int skip, bool more)
    {
        _service.Reply = _ => (HttpStatusCode.OK, Page(500_000, 10));

        var page = await Search("ocean", 10, PageToken.Encode(skip));

        Assert.Equal(skip, (int?)_service.Last.Json["skip"]);
        Assert.Equal(500_000, page.Total);
        Assert.Equal(more, page.NextPageToken is not null);
    }

    [Fact]
    public async Task A_keyset_token_is_refused_for_a_scored_query()
    {
        _service.Reply = _ => (HttpStatusCode.OK, Page(250_000, 10));
        var listing = await Search("", 10, PageToken.Encode(99_990));
        var before = _service.Requests.Count;

        var refused = await Assert.ThrowsAsync<AppException>(() => Search("ocean", 10, listing.NextPageToken));

        Assert.Equal(("search-token-invalid", ErrorKind.Invalid), (refused.Code, refused.Kind));
        Assert.Equal(before, _service.Requests.Count);
    }

    public static TheoryData<string> MalformedTokens() =>
    [
        "***",
        "not a token",
        Token("x:1"),
        Token("o:-5"),
        Token("o:12abc"),
        PageToken.Encode(100_001),
        Token("k:1:2"),
        Token("k:x:638448000000000000:v1"),
        Token("k:1:-5:v1"),
        Token("k:1:99999999999999999999:v1"),
        Token("k:1:638448000000000000:"),
        Token("k:1:638448000000000000:it's"),
        Token("k:1:638448000000000000:v1:extra"),
        Token("k:1:638448000000000000:" + new string('a', 1025)),
    ];

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task A_malformed_token_is_refused_with_the_core_code_before_any_request(string token)
    {
        var core = Assert.Throws<AppException>(() => PageToken.Decode(token, 100_000));

        var refused = await Assert.ThrowsAsync<AppException>(() => Search("", 10, token));

        Assert.Equal((core.Code, core.Kind), (refused.Code, refused.Kind));
        Assert.Equal("search-token-invalid", refused.Code);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task A_well_formed_keyset_token_becomes_the_cursor_filter()
    {
        var published = new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.Zero);
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.SearchResponse(3));

        var page = await Search("", 10, Token($"k:123456:{published.UtcTicks}:v_1-A="));

        Assert.Equal(
            "status eq 'ready' and (publishedAt lt 2024-02-29T23:59:59.9990000+00:00 or (publishedAt eq 2024-02-29T23:59:59.9990000+00:00 and id gt 'v_1-A='))",
            (string?)_service.Last.Json["filter"]);
        Assert.Equal(123_459, page.Total);
    }

    /// <summary>A page of <paramref name="size"/> hits, one minute apart, the last one of which is "v{first + size - 1}".</summary>
    private static string Page(long count, int size, int first = 0)
        => FakeSearchService.SearchResponse(
            count,
            [.. Enumerable.Range(first, size).Select(i => FakeSearchService.Hit($"v{i}", March1.AddMinutes(-i)))]);

    private static string Token(string text)
        => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    private Task<SearchPage> Search(string text, int pageSize, string? token, IReadOnlyList<string>? tags = null)
        => _service.Index().SearchAsync(new SearchQuery(text, tags ?? [], pageSize, token), CancellationToken.None);
}
