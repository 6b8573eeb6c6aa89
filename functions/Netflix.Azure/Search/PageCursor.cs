using System.Globalization;
using System.Text;
using Netflix.Core.Errors;
using Netflix.Core.Search;

namespace Netflix.Azure.Search;

/// <summary>
/// Where the next page starts: a skip while the service's skip limit allows, then (for the newest-first listing) the
/// sort keys of the last hit shown. <see cref="Position"/> counts the hits before the page in both forms.
/// </summary>
internal sealed record PageCursor(long Position, DateTimeOffset? PublishedAt, string? Id)
{
    /// <summary>The deepest skip Azure AI Search accepts.</summary>
    public const int MaxSkip = 100_000;

    /// <summary>The code <see cref="PageToken.Decode"/> uses for a bad token; both token forms share it.</summary>
    public const string InvalidTokenCode = "search-token-invalid";

    private const string KeysetPrefix = "k:";

    /// <summary>The service's limit on the length of a document key.</summary>
    private const int MaxKeyLength = 1024;

    public static readonly PageCursor Start = new(0, null, null);

    public bool IsKeyset => Id is not null;

    public int Skip => IsKeyset ? 0 : (int)Position;

    public static PageCursor AtSkip(int skip) => new(skip, null, null);

    public static PageCursor After(long position, DateTimeOffset publishedAt, string id) => new(position, publishedAt, id);

    /// <summary>Skips use <see cref="PageToken"/>'s form, so a token stays readable by the Lucene edition.</summary>
    public string Encode()
        => IsKeyset
            ? ToBase64Url(string.Create(CultureInfo.InvariantCulture, $"{KeysetPrefix}{Position}:{PublishedAt!.Value.UtcTicks}:{Id}"))
            : PageToken.Encode(Skip);

    /// <param name="keysetAllowed">Only the newest-first listing pages by keys; a scored query's token is a skip.</param>
    public static PageCursor Decode(string? token, bool keysetAllowed)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Start;
        }

        if (FromBase64Url(token) is { } text && text.StartsWith(KeysetPrefix, StringComparison.Ordinal))
        {
            return keysetAllowed && ParseKeyset(text.AsSpan(KeysetPrefix.Length)) is { } cursor ? cursor : throw Invalid();
        }

        return AtSkip(PageToken.Decode(token, MaxSkip));
    }

    private static PageCursor? ParseKeyset(ReadOnlySpan<char> text)
    {
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, ':') != 3)
        {
            return null;
        }

        var id = text[parts[2]];
        if (long.TryParse(text[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            && long.TryParse(text[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && id.Length is > 0 and <= MaxKeyLength
            && IsKeyText(id))
        {
            return After(position, new DateTimeOffset(ticks, TimeSpan.Zero), id.ToString());
        }

        return null;
    }

    /// <summary>The characters the service allows in a document key; nothing else can be a cursor's id.</summary>
    private static bool IsKeyText(ReadOnlySpan<char> id)
    {
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '='))
            {
                return false;
            }
        }

        return true;
    }

    private static AppException Invalid() => AppException.Invalid(InvalidTokenCode, "The next-page token is not valid.");

    private static string ToBase64Url(string text)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? FromBase64Url(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
