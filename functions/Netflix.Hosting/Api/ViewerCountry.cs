using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Netflix.Core.Playback;

namespace Netflix.Hosting.Api;

/// <summary>The viewer's country for geo rules: the trusted edge header when configured and present, else the profile's.</summary>
public sealed class ViewerCountry(IOptions<GeoOptions> options)
{
    public string? Of(HttpRequest request, Caller caller) => FromEdge(request) ?? GeoAvailability.Normalize(caller.Country);

    /// <summary>The country the edge reports, or null when no header is trusted or it carries no two-letter code.</summary>
    public string? FromEdge(HttpRequest request)
        => options.Value.CountryHeader is { Length: > 0 } header ? GeoAvailability.Normalize(request.Headers[header].ToString()) : null;
}
