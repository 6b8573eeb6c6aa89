namespace Netflix.Hosting.Api;

/// <summary>Request-rate limits per caller, the same on both editions. Bound from the "Limits" section.</summary>
public sealed class LimitOptions
{
    public const string SectionName = "Limits";

    /// <summary>Playback links a viewer may ask for in any 60 seconds.</summary>
    public int StreamPerMinute { get; set; } = 600;

    /// <summary>Searches a viewer may run in any 60 seconds.</summary>
    public int SearchPerMinute { get; set; } = 600;
}
