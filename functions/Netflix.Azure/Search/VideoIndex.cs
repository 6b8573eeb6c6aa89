using System.Text.Json.Serialization;
using Azure.Search.Documents.Indexes.Models;
using Netflix.Core.Search;

namespace Netflix.Azure.Search;

/// <summary>The index schema: one document per published video.</summary>
public static class VideoIndex
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Tags = "tags";
    public const string Status = "status";
    public const string PublishedAt = "publishedAt";
    public const string Duration = "duration";
    public const string Rating = "rating";

    /// <summary>Ranks a title match above a tag match above a summary match, as the Lucene edition does.</summary>
    public const string ScoringProfile = "title-tags-summary";

    /// <summary>Search-as-you-type over titles and tags.</summary>
    public const string Suggester = "titles";

    /// <summary>The status every indexed video has; queries only find these.</summary>
    public const string ReadyStatus = "ready";

    public static SearchIndex Definition(string name)
    {
        var index = new SearchIndex(name)
        {
            Fields =
            {
                new SimpleField(Id, SearchFieldDataType.String) { IsKey = true, IsFilterable = true, IsSortable = true },
                new SearchableField(Title) { AnalyzerName = LexicalAnalyzerName.StandardLucene },
                new SearchableField(Summary) { AnalyzerName = LexicalAnalyzerName.StandardLucene },
                new SearchableField(Tags, collection: true) { AnalyzerName = LexicalAnalyzerName.StandardLucene, IsFilterable = true, IsFacetable = true },
                new SimpleField(Status, SearchFieldDataType.String) { IsFilterable = true },
                new SimpleField(PublishedAt, SearchFieldDataType.DateTimeOffset) { IsFilterable = true, IsSortable = true },
                new SimpleField(Duration, SearchFieldDataType.Double) { IsFilterable = true, IsSortable = true },
                new SimpleField(Rating, SearchFieldDataType.String) { IsFilterable = true, IsFacetable = true },
            },
            ScoringProfiles =
            {
                new ScoringProfile(ScoringProfile)
                {
                    TextWeights = new TextWeights(new Dictionary<string, double> { [Title] = 3, [Tags] = 2, [Summary] = 1 }),
                },
            },
            DefaultScoringProfile = ScoringProfile,
            Suggesters = { new SearchSuggester(Suggester, Title, Tags) },
        };
        return index;
    }
}

/// <summary>A video as the index stores it (the JSON names are the schema's field names).</summary>
internal sealed class IndexedVideo
{
    [JsonPropertyName(VideoIndex.Id)]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName(VideoIndex.Title)]
    public string Title { get; set; } = string.Empty;

    [JsonPropertyName(VideoIndex.Summary)]
    public string? Summary { get; set; }

    [JsonPropertyName(VideoIndex.Tags)]
    public IReadOnlyList<string> Tags { get; set; } = [];

    [JsonPropertyName(VideoIndex.Status)]
    public string? Status { get; set; }

    [JsonPropertyName(VideoIndex.PublishedAt)]
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName(VideoIndex.Duration)]
    public double? Duration { get; set; }

    [JsonPropertyName(VideoIndex.Rating)]
    public string? Rating { get; set; }

    public static IndexedVideo From(SearchDocument document) => new()
    {
        Id = document.VideoId,
        Title = document.Title,
        Summary = document.Summary,
        Tags = document.Tags,
        Status = VideoIndex.ReadyStatus,
        PublishedAt = WholeMilliseconds(document.PublishedAt),
        Duration = document.Duration?.TotalSeconds,
        Rating = document.Rating,
    };

    public SearchHit ToHit(double score)
        => new(Id, Title, Tags, Duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, score);

    /// <summary>
    /// UTC, cut to whole milliseconds: a paging cursor filters on the value read back from a result, which then is the
    /// stored value whatever precision the service keeps or returns.
    /// </summary>
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
