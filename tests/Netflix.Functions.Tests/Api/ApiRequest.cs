using System.Text;

namespace Netflix.Functions.Tests.Api;

/// <summary>Who sends a request; each edition turns it into its own credential (a bearer token, App Service's client principal).</summary>
public enum Who
{
    Anonymous,
    Viewer,
    Admin,
}

/// <summary>One request of the conformance suite, before either edition has seen it.</summary>
/// <param name="Target">Path and query from the root, e.g. "/api/videos?pageSize=5".</param>
public sealed record ApiRequest(string Method, string Target)
{
    public Who As { get; init; } = Who.Viewer;

    /// <summary>The caller's id; the suite gives every case one of its own, so per-viewer limits never reach from one case to another.</summary>
    public string? User { get; init; }

    public string CallerId => User ?? (As == Who.Admin ? "conformance-admin" : "conformance-viewer");

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? ContentType { get; init; }

    public byte[]? Body { get; init; }

    public string Path => Target.Split('?')[0];

    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target[Target.IndexOf('?', StringComparison.Ordinal)..] : string.Empty;

    public static ApiRequest Get(string target, Who who = Who.Viewer) => new("GET", target) { As = who };

    public static ApiRequest Json(string method, string target, string json, Who who = Who.Admin)
        => new(method, target) { As = who, ContentType = "application/json", Body = Encoding.UTF8.GetBytes(json) };

    public static ApiRequest Bytes(string method, string target, string? contentType, byte[] body, Who who = Who.Admin)
        => new(method, target) { As = who, ContentType = contentType, Body = body };

    public ApiRequest WithHeader(string name, string value)
        => this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    public override string ToString() => $"{Method} {Target} as {As} {CallerId}";
}
