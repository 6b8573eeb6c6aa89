using Microsoft.Extensions.Options;

namespace Netflix.Azure.Search;

/// <summary>Where the Azure AI Search index lives. Bound from the "Search" section.</summary>
public sealed class AzureSearchOptions
{
    public const string SectionName = "Search";

    /// <summary>The search service, e.g. https://NAME.search.windows.net.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The index holding published videos; created or updated on start.</summary>
    public string IndexName { get; set; } = "videos";
}

/// <summary>Fails the start on a setting the search service would refuse later.</summary>
public sealed class AzureSearchOptionsValidator : IValidateOptions<AzureSearchOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureSearchOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(AzureSearchOptions options)
    {
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"{AzureSearchOptions.SectionName}:Endpoint must be the search service's https address.";
        }

        if (!IsIndexName(options.IndexName))
        {
            yield return $"{AzureSearchOptions.SectionName}:IndexName must be 2-128 lower-case letters, digits or single dashes, starting and ending with a letter or digit.";
        }
    }

    /// <summary>The service's naming rule for indexes.</summary>
    private static bool IsIndexName(string? name)
        => name is { Length: >= 2 and <= 128 }
            && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && !name.Contains("--", StringComparison.Ordinal);
}
