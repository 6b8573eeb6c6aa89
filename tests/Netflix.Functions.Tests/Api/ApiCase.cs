namespace Netflix.Functions.Tests.Api;

/// <summary>One request of the suite and what both editions must answer: the status and, for a refusal, its problem code.</summary>
public sealed record ApiCase(string Name, ApiRequest Request, int Status, string? Code = null)
{
    /// <summary>Dotted paths of the body that only the local host has (its own extra health check), left out of the comparison.</summary>
    public IReadOnlyList<string> LocalOnly { get; init; } = [];
}
