using Netflix.Core.Playback;
using Netflix.Core.Videos;

namespace Netflix.Local.Api;

/// <summary>Where geo rules come from on this host. Bound from the "Geo" section.</summary>
public sealed class GeoOptions
{
    public const string SectionName = "Geo";

    /// <summary>
    /// A request header carrying the viewer's two-letter country that the deployment's edge sets (and strips from
    /// clients), e.g. "CF-IPCountry". Empty: no header is trusted and the viewer's profile country is used.
    /// </summary>
    public string? CountryHeader { get; set; }
}

public static class ViewerCountry
{
    /// <summary>The trusted header's country when there is one, else the signed-in viewer's profile country.</summary>
    public static async Task<string?> OfAsync(HttpContext http, GeoOptions options, ICatalog catalog, CancellationToken cancellationToken)
    {
        if (FromHeader(http, options) is { } fromEdge)
        {
            return fromEdge;
        }

        return http.User.Identity?.IsAuthenticated == true && await catalog.FindUserAsync(http.User.UserId(), cancellationToken) is { Country: { } profile }
            ? GeoAvailability.Normalize(profile)
            : null;
    }

    public static string? FromHeader(HttpContext http, GeoOptions options)
        => string.IsNullOrEmpty(options.CountryHeader) ? null : GeoAvailability.Normalize(http.Request.Headers[options.CountryHeader].ToString());
}
