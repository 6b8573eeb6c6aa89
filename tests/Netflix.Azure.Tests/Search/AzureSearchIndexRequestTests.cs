using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Netflix.Core.Search;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Search;

/// <summary>What the adapter sends to Azure AI Search and how it reads the answers, at the HTTP contract.</summary>
public sealed class AzureSearchIndexRequestTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));

    private readonly FakeSearchService _service = new();

    [Fact]
    public async Task Upsert_merges_or_uploads_one_document_with_every_field()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.IndexResponse("v1"));
        var published = May1.AddMilliseconds(123).AddTicks(4567);

        await _service.Index().UpsertAsync(
            new SearchDocument("v1", "Ocean Deep", "Whales sing.", ["nature", "sea"], TimeSpan.FromSeconds(5400.5), "PG", published),
            CancellationToken.None);

        var request = Assert.Single(_service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/indexes('videos')/docs/search.index", request.Path);
        Assert.Equal(FakeSearchService.ApiVersion, request.Query("api-version"));
        Assert.Equal("test-key", request.ApiKey);
        var expected = new JsonObject
        {
            ["@search.action"] = "mergeOrUpload",
            ["id"] = "v1",
            ["title"] = "Ocean Deep",
            ["summary"] = "Whales sing.",
            ["tags"] = new JsonArray("nature", "sea"),
            ["status"] = "ready",
            ["publishedAt"] = "2024-05-01T10:00:00.1230000+00:00",
            ["duration"] = 5400.5,
            ["rating"] = "PG",
        };
        var action = Assert.Single(request.Json["value"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(expected, action), action!.ToJsonString());
    }

    [Fact]
    public async Task Upsert_clears_a_missing_duration_and_rating()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.IndexResponse("v1"));

        await _service.Index().UpsertAsync(new SearchDocument("v1", "Ocean", "", [], null, null, May1), CancellationToken.None);

        var action = Assert.Single(_service.Last.Json["value"]!.AsArray())!.AsObject();
        Assert.True(action.TryGetPropertyValue("duration", out var duration) && duration is null);
        Assert.True(action.TryGetPropertyValue("rating", out var rating) && rating is null);
    }

    [Fact]
    public async Task Upsert_fails_when_the_service_rejects_the_document()
    {
        // A 207 multi-status: the batch was read, this document was not indexed.
        _service.Reply = _ => ((HttpStatusCode)207, """
            {"value":[{"key":"v1","status":false,"errorMessage":"The field 'rating' has an invalid value.","statusCode":400}]}
            """);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => _service.Index().UpsertAsync(new SearchDocument("v1", "Ocean", "", [], null, null, May1), CancellationToken.None));

        Assert.Equal(400, failure.Status);
        Assert.Contains("'rating'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_sends_a_delete_action_by_key()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.IndexResponse("v1"));

        await _service.Index().DeleteAsync("v1", CancellationToken.None);

        var request = Assert.Single(_service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/indexes('videos')/docs/search.index", request.Path);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"value":[{"@search.action":"delete","id":"v1"}]}"""), request.Json),
            request.Body);
    }

    [Fact]
    public async Task A_query_requires_every_word_ranks_by_score_then_newest_then_id_and_counts()
    {
        await Search("ocean deep", pageSize: 20);

        var request = Assert.Single(_service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/indexes('videos')/docs/search.post.search", request.Path);
        Assert.Equal(FakeSearchService.ApiVersion, request.Query("api-version"));
        var body = request.Json;
        Assert.Equal("ocean (deep || deep*)", (string?)body["search"]);
        Assert.Equal("full", (string?)body["queryType"]);
        Assert.Equal("all", (string?)body["searchMode"]);
        Assert.Equal("title-tags-summary", (string?)body["scoringProfile"]);
        Assert.Equal("status eq 'ready'", (string?)body["filter"]);
        Assert.Equal("search.score() desc,publishedAt desc,id asc", (string?)body["orderby"]);
        Assert.Equal("id,title,tags,duration,publishedAt", (string?)body["select"]);
        Assert.Equal(20, (int?)body["top"]);
        Assert.True((bool?)body["count"]);
        Assert.False(body.ContainsKey("skip"));
    }

    [Fact]
    public async Task Every_special_character_of_the_query_syntax_is_escaped_and_words_are_lower_cased()
    {
        await Search("""C++ (Rocks)! a&&b x||y {1} [2] ^3 "q" ~4 *5 ?6 k:v back\slash s/lash AND it's""");

        Assert.Equal(
            """c\+\+ \(rocks\)\! a\&\&b x\|\|y \{1\} \[2\] \^3 \"q\" \~4 \*5 \?6 k\:v back\\slash s\/lash and it's""",
            (string?)_service.Last.Json["search"]);
    }

    [Theory]
    [InlineData("star wa", "star (wa || wa*)")]
    [InlineData("Ocean", "(ocean || ocean*)")]
    [InlineData("café Éclair", "café (éclair || éclair*)")]
    [InlineData("star w", "star w")]
    [InlineData("star c++", """star c\+\+""")]
    [InlineData("star wa*", """star wa\*""")]
    public async Task Only_the_last_word_of_letters_and_digits_also_matches_as_a_prefix(string text, string sent)
    {
        await Search(text);

        Assert.Equal(sent, (string?)_service.Last.Json["search"]);
    }

    [Fact]
    public async Task At_most_sixteen_words_are_sent()
    {
        await Search(string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")));

        Assert.Equal(
            string.Join(' ', Enumerable.Range(1, 15).Select(i => $"w{i}")) + " (w16 || w16*)",
            (string?)_service.Last.Json["search"]);
    }

    [Fact]
    public async Task Words_that_are_only_punctuation_are_dropped()
    {
        await Search("&& || ! star -");

        Assert.Equal("(star || star*)", (string?)_service.Last.Json["search"]);
    }

    [Fact]
    public async Task Every_tag_is_required_with_its_quotes_doubled()
    {
        await Search("ocean", tags: ["drama", "it's", "x') or (true", "o'neil's"]);

        Assert.Equal(
            "status eq 'ready' and tags/any(t: t eq 'drama') and tags/any(t: t eq 'it''s') "
                + "and tags/any(t: t eq 'x'') or (true') and tags/any(t: t eq 'o''neil''s')",
            (string?)_service.Last.Json["filter"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("&& !")]
    public async Task No_words_lists_everything_newest_first(string text)
    {
        await Search(text, tags: ["drama"]);

        var body = _service.Last.Json;
        Assert.Equal("*", (string?)body["search"]);
        Assert.Equal("publishedAt desc,id asc", (string?)body["orderby"]);
        Assert.Equal("status eq 'ready' and tags/any(t: t eq 'drama')", (string?)body["filter"]);
        Assert.True((bool?)body["count"]);
    }

    [Fact]
    public async Task Hits_and_total_are_read_from_the_response()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.SearchResponse(
            7,
            FakeSearchService.Hit("v1", May1, score: 4.25, title: "Ocean Deep", tags: ["nature", "sea"], duration: 5400.5),
            FakeSearchService.Hit("v2", May1.AddDays(-1), score: 1.5, title: "Ocean")));

        var page = await Search("ocean", pageSize: 2);

        Assert.Equal(7, page.Total);
        Assert.Collection(
            page.Hits,
            hit =>
            {
                Assert.Equal(("v1", "Ocean Deep", 4.25), (hit.VideoId, hit.Title, hit.Score));
                Assert.Equal(["nature", "sea"], hit.Tags);
                Assert.Equal(TimeSpan.FromSeconds(5400.5), hit.Duration);
            },
            hit =>
            {
                Assert.Equal(("v2", "Ocean", 1.5), (hit.VideoId, hit.Title, hit.Score));
                Assert.Empty(hit.Tags);
                Assert.Null(hit.Duration);
            });
        Assert.NotNull(page.NextPageToken);
    }

    [Fact]
    public async Task A_listing_has_no_relevance_score()
    {
        _service.Reply = _ => (HttpStatusCode.OK, FakeSearchService.SearchResponse(1, FakeSearchService.Hit("v1", May1, score: 1)));

        var page = await Search("");

        Assert.Equal(0, Assert.Single(page.Hits).Score);
    }

    [Fact]
    public async Task Options_and_a_credential_reach_the_configured_index_with_a_bearer_token()
    {
        var index = new Netflix.Azure.Search.AzureSearchIndex(
            new Netflix.Azure.Search.AzureSearchOptions { Endpoint = new Uri(FakeSearchService.Endpoint), IndexName = "catalog" },
            new FixedTokenCredential("entra-token"),
            _service.ClientOptions());

        await index.SearchAsync(new SearchQuery("ocean", [], 5, null), CancellationToken.None);

        var request = Assert.Single(_service.Requests);
        Assert.Equal(new Uri(FakeSearchService.Endpoint).Host, request.Uri.Host);
        Assert.Equal("/indexes('catalog')/docs/search.post.search", request.Path);
        Assert.Equal("Bearer entra-token", request.Authorization);
        Assert.Null(request.ApiKey);
    }

    [Fact]
    public async Task A_service_error_surfaces_as_a_request_failure()
    {
        _service.Reply = _ => (HttpStatusCode.BadRequest, """{"error":{"code":"","message":"Invalid expression: Syntax error."}}""");

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => Search("ocean"));

        Assert.Equal(400, failure.Status);
    }

    private Task<SearchPage> Search(string text, int pageSize = 10, IReadOnlyList<string>? tags = null, string? token = null)
        => _service.Index().SearchAsync(new SearchQuery(text, tags ?? [], pageSize, token), CancellationToken.None);
}
