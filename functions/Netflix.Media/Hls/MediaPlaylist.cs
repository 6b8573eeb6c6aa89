using System.Globalization;
using System.Text;

namespace Netflix.Media.Hls;

/// <param name="Uri">Segment address relative to the playlist.</param>
/// <param name="Duration">The EXTINF duration.</param>
/// <param name="InitUri">The EXT-X-MAP init segment in force for this segment.</param>
/// <param name="Discontinuity">An EXT-X-DISCONTINUITY precedes the segment.</param>
public sealed record MediaSegment(string Uri, TimeSpan Duration, string? InitUri, bool Discontinuity = false);

/// <summary>An HLS media playlist (RFC 8216 section 4.3.3), as read and as written by the stitcher.</summary>
public sealed record MediaPlaylist
{
    public int Version { get; init; } = 7;

    public int TargetDuration { get; init; }

    public long MediaSequence { get; init; }

    /// <summary>"VOD", "EVENT" or null.</summary>
    public string? PlaylistType { get; init; }

    public bool IndependentSegments { get; init; }

    public bool EndList { get; init; }

    public IReadOnlyList<MediaSegment> Segments { get; init; } = [];

    public TimeSpan Duration => Segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);

    /// <summary>
    /// A playlist over <paramref name="segments"/>: VOD with an end tag when complete, otherwise EVENT without
    /// one, so players keep polling while later chunks are still being made.
    /// </summary>
    public static MediaPlaylist Create(IReadOnlyList<MediaSegment> segments, bool complete) => new()
    {
        TargetDuration = TargetDurationFor(segments),
        PlaylistType = complete ? "VOD" : "EVENT",
        IndependentSegments = true,
        EndList = complete,
        Segments = segments,
    };

    /// <summary>Every EXTINF rounded to the nearest second must not exceed the target duration.</summary>
    public static int TargetDurationFor(IEnumerable<MediaSegment> segments)
        => Math.Max(1, segments.Select(s => (int)Math.Round(s.Duration.TotalSeconds, MidpointRounding.AwayFromZero)).DefaultIfEmpty(1).Max());

    public static MediaPlaylist Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).ToList();
        if (lines.Count == 0 || lines[0] != "#EXTM3U")
        {
            throw new FormatException("Not an HLS playlist: the first line is not #EXTM3U.");
        }

        var playlist = new MediaPlaylist();
        var segments = new List<MediaSegment>();
        TimeSpan? pendingDuration = null;
        string? currentInit = null;
        var discontinuity = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith('#'))
            {
                if (pendingDuration is null)
                {
                    throw new FormatException($"Segment '{line}' has no #EXTINF.");
                }

                segments.Add(new MediaSegment(line, pendingDuration.Value, currentInit, discontinuity));
                pendingDuration = null;
                discontinuity = false;
                continue;
            }

            var (tag, value) = SplitTag(line);
            switch (tag)
            {
                case "#EXT-X-VERSION":
                    playlist = playlist with { Version = ParseInt(value, tag) };
                    break;
                case "#EXT-X-TARGETDURATION":
                    playlist = playlist with { TargetDuration = ParseInt(value, tag) };
                    break;
                case "#EXT-X-MEDIA-SEQUENCE":
                    playlist = playlist with { MediaSequence = ParseInt(value, tag) };
                    break;
                case "#EXT-X-PLAYLIST-TYPE":
                    playlist = playlist with { PlaylistType = value };
                    break;
                case "#EXT-X-INDEPENDENT-SEGMENTS":
                    playlist = playlist with { IndependentSegments = true };
                    break;
                case "#EXT-X-ENDLIST":
                    playlist = playlist with { EndList = true };
                    break;
                case "#EXT-X-DISCONTINUITY":
                    discontinuity = true;
                    break;
                case "#EXT-X-MAP":
                    currentInit = AttributeList.Parse(value ?? string.Empty).GetValueOrDefault("URI")
                        ?? throw new FormatException("#EXT-X-MAP without a URI.");
                    break;
                case "#EXTINF":
                    var seconds = (value ?? string.Empty).Split(',')[0];
                    pendingDuration = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d)
                        ? TimeSpan.FromSeconds(d)
                        : throw new FormatException($"Bad #EXTINF duration '{seconds}'.");
                    break;
                default:
                    break;
            }
        }

        return playlist with { Segments = segments };
    }

    public string Write()
    {
        var text = new StringBuilder();
        text.Append("#EXTM3U\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{TargetDuration}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{MediaSequence}\n");
        if (PlaylistType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PLAYLIST-TYPE:{PlaylistType}\n");
        }

        if (IndependentSegments)
        {
            text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }

        string? currentInit = null;
        foreach (var segment in Segments)
        {
            if (segment.Discontinuity)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            if (segment.InitUri is not null && segment.InitUri != currentInit)
            {
                text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{segment.InitUri}\"\n");
                currentInit = segment.InitUri;
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Duration.TotalSeconds:0.000000},\n");
            text.Append(segment.Uri).Append('\n');
        }

        if (EndList)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    private static (string Tag, string? Value) SplitTag(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (line, null) : (line[..colon], line[(colon + 1)..]);
    }

    private static int ParseInt(string? value, string tag)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Bad {tag} value '{value}'.");
}
