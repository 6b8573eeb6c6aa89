using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Netflix.Azure.Search;

namespace Netflix.Testing.Azure;

/// <summary>
/// Stands in for the search service at the HTTP level: the SDK's transport sends every request here, where it is
/// recorded and answered by <see cref="Reply"/> (a documented response body). Nothing is evaluated.
/// </summary>
public sealed class FakeSearchService : HttpMessageHandler
{
    public const string Endpoint = "https://netflix.search.windows.net";
    public const string ApiVersion = "2023-11-01";

    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    public RecordedRequest Last => _requests[^1];

    /// <summary>The answer to each request; by default an empty search result.</summary>
    public Func<RecordedRequest, (HttpStatusCode Status, string Body)> Reply { get; set; } = _ => (HttpStatusCode.OK, SearchResponse(0));

    /// <summary>Client options whose transport is this service, with no retries so each call is one request.</summary>
    public SearchClientOptions ClientOptions() => new()
    {
        Transport = new HttpClientTransport(this),
        Retry = { MaxRetries = 0 },
    };

    public AzureSearchIndex Index(string name = "videos")
        => new(new SearchIndexClient(new Uri(Endpoint), new AzureKeyCredential("test-key"), ClientOptions()), name);

    /// <summary>A search response as the REST reference documents it: @odata.count and value with @search.score.</summary>
    public static string SearchResponse(long count, params JsonObject[] hits)
        => new JsonObject { ["@odata.count"] = count, ["value"] = new JsonArray([.. hits]) }.ToJsonString();

    public static JsonObject Hit(string id, DateTimeOffset publishedAt, double score = 1, string? title = null, string[]? tags = null, double? duration = null)
        => new()
        {
            ["@search.score"] = score,
            ["id"] = id,
            ["title"] = title ?? $"Title {id}",
            ["tags"] = new JsonArray([.. (tags ?? []).Select(t => JsonValue.Create(t))]),
            ["duration"] = duration,
            ["publishedAt"] = publishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>An index-documents response: one result per key, all succeeded.</summary>
    public static string IndexResponse(params string[] keys)
        => new JsonObject
        {
            ["value"] = new JsonArray([.. keys.Select(k => new JsonObject { ["key"] = k, ["status"] = true, ["errorMessage"] = null, ["statusCode"] = 200 })]),
        }.ToJsonString();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("api-key", out var keys) ? keys.Single() : null,
            body);
        _requests.Add(recorded);
        var (status, reply) = Reply(recorded);
        return new HttpResponseMessage(status) { Content = new StringContent(reply, Encoding.UTF8, "application/json") };
    }
}

public sealed record RecordedRequest(string Method, Uri Uri, string? Authorization, string? ApiKey, string? Body)
{
    /// <summary>The path as sent, e.g. /indexes('videos')/docs/search.post.search.</summary>
    public string Path => Uri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.Unescaped);

    public string? Query(string name)
        => System.Web.HttpUtility.ParseQueryString(Uri.Query)[name];

    public JsonObject Json => JsonNode.Parse(Body ?? throw new InvalidOperationException("The request had no body."))!.AsObject();

    public bool IsSearch => Method == "POST" && Path.EndsWith("/docs/search.post.search", StringComparison.Ordinal);
}
