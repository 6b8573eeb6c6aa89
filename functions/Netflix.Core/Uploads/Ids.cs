namespace Netflix.Core.Uploads;

/// <summary>
/// Ids the platform generates (22 URL-safe characters, never taken from clients) and the shape every id it
/// accepts has: letters, digits, '-' and '_', starting with a letter or a digit, so that no id is ever read as an
/// option by a command-line tool it reaches.
/// </summary>
public static class Ids
{
    public const int MaxLength = 64;

    public static string New()
    {
        while (true)
        {
            var id = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (char.IsAsciiLetterOrDigit(id[0]))
            {
                return id;
            }
        }
    }

    public static bool IsValid(string? id)
        => id is { Length: > 0 and <= MaxLength }
           && char.IsAsciiLetterOrDigit(id[0])
           && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
