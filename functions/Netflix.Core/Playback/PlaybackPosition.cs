using System.Globalization;
using Netflix.Core.Errors;
using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>
/// The one rule for a time in a video, whether a viewer asks to start there (<c>offset</c>) or saves where they
/// stopped (<c>position</c>): a number of seconds from 0 to the video's duration. A player's clock may run a hair
/// past the duration the catalog holds; up to <see cref="EndSlack"/> past it counts as the end. Anything else is
/// refused, never silently moved.
/// </summary>
public static class PlaybackPosition
{
    public static readonly TimeSpan EndSlack = TimeSpan.FromMilliseconds(100);

    /// <param name="name">What the caller called the value, for the codes (<c>{name}-invalid</c>, <c>{name}-out-of-range</c>).</param>
    public static TimeSpan Check(Video video, double seconds, string name)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
        {
            throw AppException.Invalid($"{name}-invalid", "A time in a video is zero or a positive number of seconds.");
        }

        if (video.Duration is not { } duration)
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        }

        if (seconds > (duration + EndSlack).TotalSeconds)
        {
            throw AppException.Invalid(
                $"{name}-out-of-range",
                string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###} s is past the end of the video ({duration.TotalSeconds:0.###} s)."));
        }

        var position = TimeSpan.FromSeconds(seconds);
        return position > duration ? duration : position;
    }
}
