using System.Text;
using Azure.Search.Documents;

namespace Netflix.Azure.Search;

/// <summary>Builds the service's query text (full Lucene syntax) and OData filter from a viewer's input, safely.</summary>
internal static class SearchSyntax
{
    /// <summary>As many words as the Lucene edition reads.</summary>
    public const int MaxWords = 16;

    /// <summary>Every character with a meaning in the full Lucene query syntax.</summary>
    private const string Special = "+-&|!(){}[]^\"~*?:\\/";

    /// <summary>
    /// The query's words, lower-cased (so "AND", "OR", "NOT" are words, not operators). A word without a letter or digit
    /// can match nothing, so it is dropped, and an input of only such words lists everything.
    /// </summary>
    public static IReadOnlyList<string> Words(string? text)
        => (text ?? string.Empty)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(word => word.Any(char.IsLetterOrDigit))
            .Take(MaxWords)
            .Select(word => word.ToLowerInvariant())
            .ToList();

    /// <summary>
    /// Every word required (with searchMode all), each escaped. The last word also matches as a prefix, for search as
    /// you type; the exact word stays a separate clause so a whole-word match still ranks first. Only a word of letters
    /// and digits gets the prefix: the service does not analyse prefix terms, so "c++*" would match nothing while
    /// "c\+\+" matches what the analyser makes of it.
    /// </summary>
    public static string Text(IReadOnlyList<string> words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            var word = Escape(words[i]);
            var prefix = i == words.Count - 1 && words[i].Length >= 2 && words[i].All(char.IsLetterOrDigit);
            text.Append(prefix ? $"({word} || {word}*)" : word);
        }

        return text.ToString();
    }

    /// <summary>A backslash before every special character, so the word is only ever a term.</summary>
    public static string Escape(string word)
    {
        var escaped = new StringBuilder(word.Length * 2);
        foreach (var c in word)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Ready videos carrying every tag (exact values), and, for a keyset page, the ones after the cursor in the
    /// newest-first order (publishedAt desc, id asc). Literals go through the SDK's <see cref="SearchFilter"/>,
    /// which quotes strings with single quotes doubled and writes dates in ISO 8601. Field names are written out
    /// here (an interpolated name would be quoted as a value); they are <see cref="VideoIndex"/>'s.
    /// </summary>
    public static string Filter(IReadOnlyList<string> tags, PageCursor cursor)
    {
        var clauses = new List<string> { SearchFilter.Create($"status eq {VideoIndex.ReadyStatus}") };
        foreach (var tag in tags)
        {
            clauses.Add(SearchFilter.Create($"tags/any(t: t eq {tag})"));
        }

        if (cursor is { IsKeyset: true, PublishedAt: { } publishedAt, Id: { } id })
        {
            clauses.Add(SearchFilter.Create($"(publishedAt lt {publishedAt} or (publishedAt eq {publishedAt} and id gt {id}))"));
        }

        return string.Join(" and ", clauses);
    }
}
