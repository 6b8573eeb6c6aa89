namespace Netflix.Hosting.Api;

/// <summary>Where geo rules get the viewer's country from, the same on both editions. Bound from the "Geo" section.</summary>
public sealed class GeoOptions
{
    public const string SectionName = "Geo";

    /// <summary>
    /// A request header carrying the viewer's two-letter country that the deployment's edge sets (and strips from
    /// clients), e.g. "CF-IPCountry". Empty: no header is trusted and the viewer's profile country is used.
    /// </summary>
    public string? CountryHeader { get; set; }
}
