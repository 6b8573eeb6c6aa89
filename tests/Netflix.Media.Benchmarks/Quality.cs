using System.Globalization;
using System.Text.RegularExpressions;
using Netflix.Core.Media;
using Netflix.Media.Hls;

namespace Netflix.Media.Benchmarks;

internal static partial class Quality
{
    /// <summary>
    /// PSNR (all planes, ffmpeg's "average") of a rendition against the source scaled to the same size with the same
    /// scaler, both clocks restarted at zero so frames pair up.
    /// </summary>
    public static double Psnr(string rendition, string source, int width, int height)
    {
        var output = Tool.Run(
            "ffmpeg", "-hide_banner", "-nostats", "-i", rendition, "-i", source, "-lavfi",
            $"[0:v]setpts=PTS-STARTPTS[a];[1:v]scale={width}:{height}:flags=bicubic,setpts=PTS-STARTPTS[b];[a][b]psnr",
            "-f", "null", "-");
        var match = PsnrAverage().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>Average bit rate of a media playlist's segments, in kb/s.</summary>
    public static double BitrateKbps(string playlistPath)
    {
        var playlist = MediaPlaylist.Parse(File.ReadAllText(playlistPath));
        var directory = Path.GetDirectoryName(playlistPath)!;
        var bytes = playlist.Segments.Sum(s => new FileInfo(Path.Combine(directory, s.Uri)).Length);
        return bytes * 8 / playlist.Duration.TotalSeconds / 1000;
    }

    /// <summary>The largest deviation of any rendition's bit rate from its target, as a fraction.</summary>
    public static double WorstBitrateDeviation(TranscodePlan plan, Func<int, string> playlistOf)
        => plan.Ladder.Video.Select((r, i) => Math.Abs(BitrateKbps(playlistOf(i)) / r.BitrateKbps - 1)).Max();

    [GeneratedRegex(@"PSNR .*average:([0-9.]+)")]
    private static partial Regex PsnrAverage();
}
