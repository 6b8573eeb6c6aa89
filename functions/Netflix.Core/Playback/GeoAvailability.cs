using Netflix.Core.Errors;
using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>
/// Per-video country rules (the seed's geo-blocking). A viewer's country comes from a header the deployment's edge
/// sets and the host is configured to trust, else from the viewer's profile. A video with an allow-list plays only
/// where it is listed, so an unknown country is refused there; a block-list refuses the countries it names.
/// </summary>
public static class GeoAvailability
{
    public const int MaxCountries = 250;

    /// <summary>The signed query parameter carrying the country a playback link was issued for.</summary>
    public const string LinkParameter = "cc";

    public static bool Allows(Video video, string? country)
    {
        var code = Normalize(country);
        if (code is not null && video.BlockedCountries.Contains(code, StringComparer.Ordinal))
        {
            return false;
        }

        return video.AllowedCountries.Count == 0 || (code is not null && video.AllowedCountries.Contains(code, StringComparer.Ordinal));
    }

    /// <summary>
    /// For a media URL already signed: applies the video's current rules to the country the edge reports (when the
    /// host trusts one) or else to the country the link was issued for. Refuses with 451.
    /// </summary>
    public static async Task RequireForLinkAsync(
        ICatalog catalog, string videoId, string? edgeCountry, IReadOnlyDictionary<string, string> bound, CancellationToken cancellationToken)
    {
        if (await catalog.FindVideoAsync(videoId, cancellationToken) is { } video && (video.AllowedCountries.Count > 0 || video.BlockedCountries.Count > 0))
        {
            Require(video, edgeCountry ?? bound.GetValueOrDefault(LinkParameter));
        }
    }

    /// <summary>Refuses with 451 when the rules keep the video from the viewer's country.</summary>
    public static void Require(Video video, string? country)
    {
        if (!Allows(video, country))
        {
            throw new AppException(
                ErrorKind.UnavailableForLegalReasons,
                "video-geo-blocked",
                "This video is not available in your country.");
        }
    }

    /// <summary>A two-letter code in upper case, or null when the value is not one.</summary>
    public static string? Normalize(string? country)
        => country is { Length: 2 } && char.IsAsciiLetter(country[0]) && char.IsAsciiLetter(country[1]) ? country.ToUpperInvariant() : null;

    /// <summary>Validated, de-duplicated codes for a rule list; a bad entry is refused with its position.</summary>
    public static IReadOnlyList<string> ParseList(IReadOnlyList<string>? values, string field)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > MaxCountries)
        {
            throw AppException.Invalid("video-countries-invalid", $"At most {MaxCountries} countries may be listed in '{field}'.");
        }

        var codes = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var code = Normalize(values[i]?.Trim())
                ?? throw AppException.Invalid("video-countries-invalid", $"Entry {i} of '{field}' is not a two-letter country code.");
            if (!codes.Contains(code, StringComparer.Ordinal))
            {
                codes.Add(code);
            }
        }

        return codes;
    }
}
