using System.Globalization;
using System.Text;
using Netflix.Core.Errors;

namespace Netflix.Core.Videos;

/// <summary>What an admin says about a video. <see cref="Normalize"/> checks and cleans it or refuses it.</summary>
public sealed record VideoMetadata(string? Title, string? Summary, IReadOnlyList<string>? Tags, string? Rating)
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 5000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxRatingLength = 16;

    /// <summary>
    /// Trims, normalises Unicode (NFC), lower-cases and de-duplicates tags, and refuses empty titles, control
    /// characters and anything over the limits, naming every field at fault.
    /// </summary>
    public VideoMetadata Normalize()
    {
        var errors = new Dictionary<string, string[]>();
        var title = Clean(Title);
        if (title.Length == 0)
        {
            errors["title"] = ["A title is required."];
        }
        else if (title.Length > MaxTitleLength)
        {
            errors["title"] = [$"The title is longer than {MaxTitleLength} characters."];
        }
        else if (HasControl(title))
        {
            errors["title"] = ["The title contains control characters."];
        }
        else if (HasDirectionOverride(title))
        {
            errors["title"] = ["The title contains bidirectional override characters, which can make text display as something else."];
        }

        var summary = Clean(Summary);
        if (summary.Length > MaxSummaryLength)
        {
            errors["summary"] = [$"The summary is longer than {MaxSummaryLength} characters."];
        }
        else if (summary.Any(c => char.IsControl(c) && c is not '\n' and not '\t') || HasDirectionOverride(summary))
        {
            errors["summary"] = ["The summary contains control or bidirectional override characters."];
        }

        var tags = (Tags ?? []).Select(t => Clean(t).ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var tagErrors = new List<string>();
        if (tags.Count > MaxTags)
        {
            tagErrors.Add($"At most {MaxTags} tags are allowed.");
        }

        foreach (var tag in tags)
        {
            if (tag.Length > MaxTagLength)
            {
                tagErrors.Add($"Tag '{tag[..20]}…' is longer than {MaxTagLength} characters.");
            }
            else if (!tag.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                tagErrors.Add($"Tag '{tag}' may only contain letters, digits, spaces, '-' and '_'.");
            }
        }

        if (tagErrors.Count > 0)
        {
            errors["tags"] = [.. tagErrors];
        }

        var rating = Clean(Rating);
        if (rating.Length > MaxRatingLength || HasControl(rating))
        {
            errors["rating"] = [$"The rating must be at most {MaxRatingLength} printable characters."];
        }

        if (errors.Count > 0)
        {
            throw new AppException(ErrorKind.Invalid, "video-metadata-invalid", "The video's metadata is invalid.", errors);
        }

        return new VideoMetadata(title, summary, tags, rating.Length == 0 ? null : rating);
    }

    private static string Clean(string? text)
        => string.IsNullOrEmpty(text) ? string.Empty : text.Normalize(NormalizationForm.FormC).Trim();

    private static bool HasControl(string text) => text.Any(char.IsControl);

    /// <summary>Embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): the spoofing kind, not plain RTL text.</summary>
    private static bool HasDirectionOverride(string text) => text.Any(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
}
