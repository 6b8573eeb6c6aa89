using System.Net;
using System.Text.Json.Nodes;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Search;

/// <summary>The index definition as the SDK sends it when the adapter creates or updates the index on start.</summary>
public sealed class AzureSearchSchemaTests
{
    private readonly FakeSearchService _service = new();

    private async Task<JsonObject> SentDefinition()
    {
        // The service answers a create with the definition it stored.
        _service.Reply = request => (HttpStatusCode.Created, request.Body!);
        await _service.Index().EnsureIndexAsync(CancellationToken.None);
        var request = Assert.Single(_service.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/indexes('videos')", request.Path);
        Assert.Equal(FakeSearchService.ApiVersion, request.Query("api-version"));
        Assert.Equal("false", request.Query("allowIndexDowntime"));
        return request.Json;
    }

    [Fact]
    public async Task Every_field_has_its_type_and_the_attributes_the_queries_need()
    {
        var definition = await SentDefinition();

        Assert.Equal("videos", (string?)definition["name"]);
        var fields = definition["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(
            [
                "id Edm.String key filterable sortable retrievable",
                "title Edm.String searchable retrievable analyzer=standard.lucene",
                "summary Edm.String searchable retrievable analyzer=standard.lucene",
                "tags Collection(Edm.String) searchable filterable facetable retrievable analyzer=standard.lucene",
                "status Edm.String filterable retrievable",
                "publishedAt Edm.DateTimeOffset filterable sortable retrievable",
                "duration Edm.Double filterable sortable retrievable",
                "rating Edm.String filterable facetable retrievable",
            ],
            fields.Select(Describe));
    }

    [Fact]
    public async Task The_default_scoring_profile_weighs_title_over_tags_over_summary()
    {
        var definition = await SentDefinition();

        Assert.Equal("title-tags-summary", (string?)definition["defaultScoringProfile"]);
        var profile = Assert.Single(definition["scoringProfiles"]!.AsArray())!;
        Assert.Equal("title-tags-summary", (string?)profile["name"]);
        var weights = profile["text"]!["weights"]!.AsObject();
        Assert.Equal(3, weights.Count);
        Assert.True((double)weights["title"]! > (double)weights["tags"]!);
        Assert.True((double)weights["tags"]! > (double)weights["summary"]!);
    }

    [Fact]
    public async Task A_suggester_serves_search_as_you_type_over_titles_and_tags()
    {
        var definition = await SentDefinition();

        var suggester = Assert.Single(definition["suggesters"]!.AsArray())!;
        Assert.Equal("titles", (string?)suggester["name"]);
        Assert.Equal("analyzingInfixMatching", (string?)suggester["searchMode"]);
        Assert.Equal(["title", "tags"], suggester["sourceFields"]!.AsArray().Select(f => (string?)f));
    }

    /// <summary>"name type attribute..." listing the attributes set to true, in a fixed order.</summary>
    private static string Describe(JsonObject field)
    {
        var parts = new List<string> { (string)field["name"]!, (string)field["type"]! };
        parts.AddRange(new[] { "key", "searchable", "filterable", "sortable", "facetable", "retrievable" }.Where(a => (bool?)field[a] == true));
        if ((string?)field["analyzer"] is { } analyzer)
        {
            parts.Add($"analyzer={analyzer}");
        }

        return string.Join(' ', parts);
    }
}
