using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Search;

/// <summary>
/// A contract double, not a search engine: it answers only the newest-first listing (search "*", orderby
/// "publishedAt desc,id asc", filter "status eq 'ready'" optionally followed by the keyset clause
/// "(publishedAt lt T or (publishedAt eq T and id gt 'K'))") over an in-memory list, with the documented meaning of
/// those operators, skip/top and count. Strings compare ordinally. Any other request is answered 400, so the adapter
/// cannot pass by sending something the double merely ignores.
/// </summary>
internal static partial class KeysetListingDouble
{
    public sealed record Video(string Id, DateTimeOffset PublishedAt);

    public static Func<RecordedRequest, (HttpStatusCode, string)> Over(IReadOnlyList<Video> videos)
        => request =>
        {
            var body = request.Json;
            if (!request.IsSearch || (string?)body["search"] != "*" || (string?)body["orderby"] != "publishedAt desc,id asc" || (bool?)body["count"] != true)
            {
                return Refuse("only the newest-first listing is served");
            }

            var filter = (string?)body["filter"];
            IEnumerable<Video> matching;
            if (filter == "status eq 'ready'")
            {
                matching = videos;
            }
            else if (filter is not null && KeysetFilter().Match(filter) is { Success: true } keyset
                && keyset.Groups["t1"].Value == keyset.Groups["t2"].Value)
            {
                var at = DateTimeOffset.Parse(keyset.Groups["t1"].Value, CultureInfo.InvariantCulture);
                var after = keyset.Groups["id"].Value.Replace("''", "'", StringComparison.Ordinal);
                matching = videos.Where(v => v.PublishedAt < at || (v.PublishedAt == at && string.CompareOrdinal(v.Id, after) > 0));
            }
            else
            {
                return Refuse($"unsupported filter {filter}");
            }

            var skip = (int?)body["skip"] ?? 0;
            if (skip > 100_000)
            {
                return Refuse("skip must be between 0 and 100000");
            }

            var ordered = matching.OrderByDescending(v => v.PublishedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
            var page = ordered.Skip(skip).Take((int?)body["top"] ?? 50).Select(v => FakeSearchService.Hit(v.Id, v.PublishedAt));
            return (HttpStatusCode.OK, FakeSearchService.SearchResponse(ordered.Count, [.. page]));
        };

    private static (HttpStatusCode, string) Refuse(string why)
        => (HttpStatusCode.BadRequest, new JsonObject { ["error"] = new JsonObject { ["code"] = "", ["message"] = why } }.ToJsonString());

    [GeneratedRegex(@"^status eq 'ready' and \(publishedAt lt (?<t1>\S+) or \(publishedAt eq (?<t2>\S+) and id gt '(?<id>(?:[^']|'')*)'\)\)$")]
    private static partial Regex KeysetFilter();
}
