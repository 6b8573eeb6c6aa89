using Netflix.Core.Errors;

namespace Netflix.Core.Search;

/// <summary>Checks a search request and runs it against the index.</summary>
public sealed class SearchService(ISearchIndex index)
{
    public const int MaxQueryLength = 200;
    public const int MaxTagFilters = 10;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 50;

    public Task<SearchPage> SearchAsync(string? text, IReadOnlyList<string>? tags, int? pageSize, string? next, CancellationToken cancellationToken)
    {
        var query = text?.Trim() ?? string.Empty;
        if (query.Length > MaxQueryLength)
        {
            throw AppException.Invalid("search-query-too-long", $"The query is longer than {MaxQueryLength} characters.");
        }

        if (query.Any(char.IsControl))
        {
            throw AppException.Invalid("search-query-invalid", "The query contains control characters.");
        }

        var filters = (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (filters.Count > MaxTagFilters || filters.Any(t => t.Length > 40 || t.Any(char.IsControl)))
        {
            throw AppException.Invalid("search-tags-invalid", $"At most {MaxTagFilters} tag filters of up to 40 printable characters are allowed.");
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw AppException.Invalid("search-page-size-invalid", $"The page size must be between 1 and {MaxPageSize}.");
        }

        return index.SearchAsync(new SearchQuery(query, filters, size, string.IsNullOrWhiteSpace(next) ? null : next), cancellationToken);
    }
}

/// <summary>The opaque next-page token: an offset, checked when read back.</summary>
public static class PageToken
{
    public static string Encode(int offset)
        => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"o:{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static int Decode(string? token, int maxOffset)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset)
                && offset <= maxOffset)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw AppException.Invalid("search-token-invalid", "The next-page token is not valid.");
    }
}
