using Netflix.Core.Media;

namespace Netflix.Media.Planning;

/// <summary>
/// Sizes the configured ladder for one source: never above the source's size, aspect ratio kept (portrait
/// stays portrait), even dimensions for 4:2:0 video.
/// </summary>
public static class LadderPlanner
{
    public static Ladder Plan(MediaInfo source, MediaOptions options)
    {
        var (displayWidth, displayHeight) = source.Video.DisplaySize;
        var shortSide = Math.Min(displayWidth, displayHeight);
        var rungs = options.EffectiveLadder.OrderByDescending(r => r.Height).ToList();

        var renditions = new List<VideoRendition>();
        var fitting = rungs.Where(r => r.Height <= shortSide).ToList();
        var above = rungs.LastOrDefault(r => r.Height > shortSide);

        // A source between two rungs gets one rendition at its own size, unless it is barely above the rung below.
        if (above is not null && (fitting.Count == 0 || shortSide >= fitting[0].Height * options.CappedRungThreshold))
        {
            var scale = (double)shortSide * shortSide / ((double)above.Height * above.Height);
            var capped = new LadderRung
            {
                Name = $"{Even(shortSide)}p",
                Height = shortSide,
                BitrateKbps = Math.Max(50, (int)Math.Round(above.BitrateKbps * scale)),
                MaxRateKbps = above.MaxRateKbps is { } max ? (int)Math.Round(max * scale) : null,
                BufferKbits = above.BufferKbits is { } buffer ? (int)Math.Round(buffer * scale) : null,
            };
            renditions.Add(Size(capped, displayWidth, displayHeight, shortSide));
        }

        renditions.AddRange(fitting.Select(rung => Size(rung, displayWidth, displayHeight, shortSide)));

        var distinct = renditions
            .GroupBy(r => (r.Width, r.Height))
            .Select(g => g.First())
            .OrderByDescending(r => r.Height * r.Width)
            .ToList();

        var audio = source.Audio is null
            ? null
            : new AudioRendition(
                "audio",
                options.Audio.BitrateKbps,
                Math.Min(options.Audio.Channels, Math.Max(1, source.Audio.Channels)),
                options.Audio.SampleRate);

        return new Ladder(distinct, audio);
    }

    private static VideoRendition Size(LadderRung rung, int displayWidth, int displayHeight, int shortSide)
    {
        // Scale in integers (side * rung / shortSide), so the short side comes out at exactly the rung's height.
        var target = Math.Min(rung.Height, shortSide);
        var width = Math.Max(2, Even((long)displayWidth * target / shortSide));
        var height = Math.Max(2, Even((long)displayHeight * target / shortSide));
        var maxRate = rung.MaxRateKbps ?? (int)Math.Round(rung.BitrateKbps * 1.07);
        var buffer = rung.BufferKbits ?? rung.BitrateKbps * 2;
        return new VideoRendition(rung.Name, width, height, rung.BitrateKbps, maxRate, buffer);
    }

    /// <summary>Rounds down to an even number (4:2:0 video needs even sizes), so a size is never enlarged.</summary>
    private static int Even(long value)
    {
        var even = (int)(value / 2 * 2);
        return even > 0 ? even : 2;
    }
}
