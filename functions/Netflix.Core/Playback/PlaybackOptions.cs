namespace Netflix.Core.Playback;

/// <summary>How playback links are issued.</summary>
public sealed class PlaybackOptions
{
    public const string SectionName = "Playback";

    /// <summary>How long a signed link (and every URI in the playlists it leads to) stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Saved positions this close to the end (at most 5% of the video) start it from the beginning instead.</summary>
    public TimeSpan ResumeEndMargin { get; set; } = TimeSpan.FromSeconds(10);
}
