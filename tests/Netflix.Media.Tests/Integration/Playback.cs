using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Hls;

using Netflix.Testing;

namespace Netflix.Media.Tests.Integration;

/// <summary>Checks a finished title with ffprobe directly, independently of the engine's own verifier.</summary>
internal static class Playback
{
    public static void AssertPlayable(Engine engine, MediaJob job, string source, TranscodeOutcome outcome)
    {
        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        var layout = engine.Layout(job);
        var plan = outcome.Plan!;
        var master = MasterPlaylist.Parse(File.ReadAllText(layout.MasterPlaylist));
        Assert.Equal(plan.Ladder.Video.Count, master.Variants.Count);

        var sourceFrames = CountFrames(source);
        var sourceDuration = VideoDuration(source);
        foreach (var (variant, rendition) in master.Variants.Zip(plan.Ladder.Video))
        {
            Assert.Equal($"{rendition.Name}/index.m3u8", variant.Uri);
            Assert.Equal((rendition.Width, rendition.Height), (variant.Width, variant.Height));
            Assert.Equal(0, rendition.Width % 2);
            Assert.Equal(0, rendition.Height % 2);
            Assert.StartsWith("avc1.", variant.Codecs, StringComparison.Ordinal);
            Assert.InRange(variant.AverageBandwidth, 1, variant.Bandwidth);

            var playlist = layout.MediaPlaylist(rendition.Name);
            var media = MediaPlaylist.Parse(File.ReadAllText(playlist));
            // Finished, however many chunks were published before: VOD with its end tag.
            Assert.Equal(("VOD", true), (media.PlaylistType, media.EndList));

            // The playlist lasts exactly as long as the frames: the duration the catalog publishes (plan.Source.Duration).
            Assert.True((media.Duration - plan.Source.Duration).Duration() <= TimeSpan.FromMilliseconds(1), $"{rendition.Name} lists {media.Duration}, the frames last {plan.Source.Duration}");
            Assert.All(media.Segments, s => Assert.True(Math.Round(s.Duration.TotalSeconds, MidpointRounding.AwayFromZero) <= media.TargetDuration));

            var size = StreamField(playlist, "v:0", "width,height");
            Assert.Equal($"{rendition.Width},{rendition.Height}", size);
            Assert.Equal(sourceFrames, CountFrames(playlist));

            var packets = Packets(playlist, "v:0");
            Assert.True(packets.Zip(packets.Skip(1)).All(p => p.Second.Dts > p.First.Dts), "decode times must rise across chunk joins");
            var pts = packets.Select(p => p.Pts).Order().ToList();

            // The title keeps the source's clock: its first frame at zero in every rendition, whatever the B-frame delay.
            Assert.True(Math.Abs(pts[0]) < 0.001, $"{rendition.Name} starts at {pts[0]:0.000000} s");
            var gaps = pts.Zip(pts.Skip(1), (a, b) => b - a).ToList();
            Assert.True(gaps.Count == 0 || gaps.Max() < 0.1 + plan.Source.MaxFrameDuration.TotalSeconds, "no hole between chunks");
            var duration = pts[^1] + packets.Last(p => p.Pts == pts[^1]).Duration - pts[0];
            Assert.InRange(duration, sourceDuration - 0.1, sourceDuration + 0.1);
        }

        if (plan.Ladder.Audio is null)
        {
            Assert.Empty(master.Audio);
            Assert.All(master.Variants, v => Assert.Null(v.AudioGroup));
        }
        else
        {
            var audio = Assert.Single(master.Audio);
            var audioPlaylist = MediaPlaylist.Parse(File.ReadAllText(Path.Combine(layout.AudioDirectory, "index.m3u8")));
            Assert.Equal(("VOD", true), (audioPlaylist.PlaylistType, audioPlaylist.EndList));
            Assert.All(master.Variants, v => Assert.Equal(audio.GroupId, v.AudioGroup));
            Assert.All(master.Variants, v => Assert.EndsWith(",mp4a.40.2", v.Codecs, StringComparison.Ordinal));
            var videoEnd = End(Packets(layout.MediaPlaylist(plan.Ladder.Video[0].Name), "v:0"));
            var audioPackets = Packets(Path.Combine(layout.AudioDirectory, "index.m3u8"), "a:0");
            var audioEnd = End(audioPackets);

            // The audio starts with the video, at zero: only the AAC encoder's priming frame (1024 samples, trimmed by the
            // init segment's edit list) comes before it.
            var priming = 1024.0 / plan.Ladder.Audio.SampleRate;
            var audioStarts = audioPackets.Select(p => p.Pts).Order().Take(2).ToList();
            Assert.True(Math.Abs(audioStarts[0] + priming) < 0.001 && Math.Abs(audioStarts[1]) < 0.001, $"audio packets start at {string.Join(", ", audioStarts)} s");
            Assert.True(Math.Abs(audioEnd - videoEnd) < 0.05, $"audio ends at {audioEnd:0.000} s, video at {videoEnd:0.000} s");
        }

        Assert.True(File.Exists(layout.Poster));
        var vtt = File.ReadAllText(layout.StoryboardVtt);
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Contains("#xywh=0,0,", vtt, StringComparison.Ordinal);
        Assert.All(outcome.Thumbnails!.Sheets, sheet => Assert.True(File.Exists(Path.Combine(layout.ThumbnailsDirectory, sheet))));
    }

    public static int CountFrames(string path)
        => int.Parse(StreamField(path, "v:0", "nb_read_frames", "-count_frames"), CultureInfo.InvariantCulture);

    /// <summary>Stream fields as "a,b" from the first stream ffprobe lists (HLS inputs list it twice: in a program and alone).</summary>
    public static string StreamField(string path, string stream, string fields, params string[] extra)
    {
        var output = TestTools.FFprobe(["-v", "error", .. extra, "-select_streams", stream, "-show_entries", $"stream={fields}", "-of", "csv=p=0", path]);
        var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return string.Join(',', first.Split(',').Take(fields.Split(',').Length));
    }

    /// <summary>One field of the format as ffprobe reads it (for a playlist, what its EXTINF tags add up to).</summary>
    public static string FormatField(string path, string field)
        => TestTools.FFprobe("-v", "error", "-show_entries", $"format={field}", "-of", "default=noprint_wrappers=1:nokey=1", path).Trim();

    /// <summary>From the first decodable frame (a stream cut mid-GOP starts with frames that are not) to the end.</summary>
    public static double VideoDuration(string path)
    {
        var packets = TestTools.FFprobe("-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time,flags", "-of", "csv=p=0", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Where(f => f.Length >= 3 && f[0] != "N/A")
            .Select(f => (Pts: Seconds(f[0]), Duration: f[1] == "N/A" ? 0 : Seconds(f[1]), Key: f[2].Contains('K', StringComparison.Ordinal)))
            .ToList();
        var firstKey = packets.FindIndex(p => p.Key);
        var decodable = packets.Skip(firstKey).Where(p => p.Pts >= packets[firstKey].Pts).ToList();
        var last = decodable.MaxBy(p => p.Pts);
        return last.Pts + last.Duration - decodable.Min(p => p.Pts);
    }

    public static List<(double Pts, double Dts, double Duration)> Packets(string path, string stream)
        => TestTools.FFprobe("-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time,dts_time,duration_time", "-of", "csv=p=0", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Where(f => f.Length >= 3 && f[0] != "N/A")
            .Select(f => (Seconds(f[0]), f[1] == "N/A" ? Seconds(f[0]) : Seconds(f[1]), f[2] == "N/A" ? 0 : Seconds(f[2])))
            .ToList();

    private static double End(List<(double Pts, double Dts, double Duration)> packets)
    {
        var last = packets.MaxBy(p => p.Pts);
        return last.Pts + last.Duration;
    }

    private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
