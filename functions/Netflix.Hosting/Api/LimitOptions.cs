namespace Netflix.Hosting.Api;

/// <summary>Request-rate limits per caller, the same on both editions. Bound from the "Limits" section.</summary>
public sealed class LimitOptions
{
    public const string SectionName = "Limits";

    /// <summary>Playback links a viewer may ask for per minute (a burst of this many, refilled evenly over the minute).</summary>
    public int StreamPerMinute { get; set; } = 600;

    /// <summary>Searches a viewer may run per minute.</summary>
    public int SearchPerMinute { get; set; } = 600;
}
