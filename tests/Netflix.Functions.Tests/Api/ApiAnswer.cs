using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Netflix.Functions.Tests.Api;

/// <summary>What an edition answered, reduced to what must match across editions: status, problem code, headers and body shape.</summary>
public sealed partial class ApiAnswer(int status, IReadOnlyDictionary<string, string> headers, string body)
{
    public int Status { get; } = status;

    public string Body { get; } = body;

    /// <summary>The media type without parameters, e.g. "application/problem+json".</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public bool IsJson => MediaType is "application/json" or "application/problem+json";

    /// <summary>The problem document's stable code, or null when the answer is not a problem.</summary>
    public string? Code => MediaType == "application/problem+json" ? JsonNode.Parse(Body)?["code"]?.GetValue<string>() : null;

    public JsonNode? Json => IsJson && Body.Length > 0 ? JsonNode.Parse(Body) : null;

    /// <summary>A Location relative to the host with generated ids as "{id}"; an absolute one only as "absolute".</summary>
    public string? Location => Header("Location") is not { } location ? null
        : Uri.IsWellFormedUriString(location, UriKind.Absolute) ? "absolute"
        : GeneratedId().Replace(location, "{id}");

    public string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The body's shape: property names and value kinds, arrays as the set of their elements' shapes, never the values
    /// (ids, times, signatures differ by edition). <paramref name="without"/> names dotted paths left out first.
    /// </summary>
    public string Shape(IReadOnlyList<string>? without = null)
    {
        if (!IsJson)
        {
            return Body.Length == 0 ? "(empty)" : $"({MediaType})";
        }

        var node = Json;
        foreach (var path in without ?? [])
        {
            var parts = path.Split('.');
            var parent = parts[..^1].Aggregate(node, (current, part) => current?[part]);
            (parent as JsonObject)?.Remove(parts[^1]);
        }

        return ShapeOf(node);
    }

    public override string ToString() => $"{Status} {MediaType} {Body[..Math.Min(Body.Length, 600)]}";

    private static string ShapeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject item => "{" + string.Join(",", item.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{ShapeOf(p.Value)}")) + "}",
        JsonArray items => "[" + string.Join("|", items.Select(ShapeOf).Distinct().Order(StringComparer.Ordinal)) + "]",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            var kind => kind.ToString(),
        },
        _ => node.GetType().Name,
    };

    [GeneratedRegex("(?<=/)[A-Za-z0-9_-]{22}(?=/|$)")]
    private static partial Regex GeneratedId();
}
