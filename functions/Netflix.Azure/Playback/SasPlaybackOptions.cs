using Microsoft.Extensions.Options;

namespace Netflix.Azure.Playback;

/// <summary>How segment and image URLs are addressed and signed on Azure. Bound from the "Playback:Sas" section.</summary>
public sealed class SasPlaybackOptions
{
    public const string SectionName = "Playback:Sas";

    /// <summary>
    /// The CDN (Front Door) endpoint whose origin is the blob endpoint, e.g. https://media-abc.azurefd.net: its
    /// scheme, host and port replace the blob endpoint's in media URLs, the path stays. Unset: the blob endpoint.
    /// </summary>
    public Uri? CdnEndpoint { get; set; }

    /// <summary>The container the media blobs are in (the store's MediaContainer).</summary>
    public string MediaContainer { get; set; } = "media";

    /// <summary>How long a requested user delegation key lasts; the service allows at most 7 days.</summary>
    public TimeSpan DelegationKeyLifetime { get; set; } = TimeSpan.FromDays(6);

    /// <summary>
    /// A new key is fetched when the current one has less than this left. It must exceed the longest playback link
    /// lifetime, as a SAS cannot outlive the key that signs it.
    /// </summary>
    public TimeSpan DelegationKeyRenewal { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Segment URLs expire at the next multiple of this step after the link's own expiry, so every viewer who gets
    /// a link within the same step gets the same URL for a segment and the CDN answers them from one cache entry
    /// (its cache key includes the SAS). A link lives at most this much longer. Zero keeps exact expiries.
    /// </summary>
    public TimeSpan ExpiryStep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before trying again after a failed key refresh.</summary>
    public TimeSpan DelegationKeyRetry { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Fails the start on settings that would sign URLs the service refuses.</summary>
public sealed class SasPlaybackOptionsValidator : IValidateOptions<SasPlaybackOptions>
{
    public ValidateOptionsResult Validate(string? name, SasPlaybackOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(SasPlaybackOptions options)
    {
        const string Section = SasPlaybackOptions.SectionName;
        if (options.CdnEndpoint is { } cdn && (!cdn.IsAbsoluteUri || cdn.AbsolutePath != "/" || cdn.Query.Length > 0))
        {
            yield return $"{Section}:CdnEndpoint must be an absolute address with no path, e.g. https://media.example.net.";
        }

        if (string.IsNullOrWhiteSpace(options.MediaContainer))
        {
            yield return $"{Section}:MediaContainer must name the media container.";
        }

        if (options.DelegationKeyLifetime <= TimeSpan.Zero || options.DelegationKeyLifetime > TimeSpan.FromDays(7))
        {
            yield return $"{Section}:DelegationKeyLifetime must be positive and at most 7 days.";
        }

        if (options.DelegationKeyRenewal <= TimeSpan.Zero || options.DelegationKeyRenewal >= options.DelegationKeyLifetime)
        {
            yield return $"{Section}:DelegationKeyRenewal must be positive and shorter than DelegationKeyLifetime.";
        }

        if (options.DelegationKeyRetry <= TimeSpan.Zero)
        {
            yield return $"{Section}:DelegationKeyRetry must be positive.";
        }
    }
}
