using System.Buffers.Binary;
using System.Text;
using Netflix.Testing;

namespace Netflix.Local.Tests.BadInput;

/// <summary>Tiny, short media made with ffmpeg, some of it damaged on purpose.</summary>
internal static class BadMedia
{
    private static readonly string[] Quiet = ["-v", "error", "-y"];

    /// <summary>A 2 s, 160x90 clip; <paramref name="extra"/> goes before the output name.</summary>
    public static string Clip(string directory, string name, string video = "testsrc2=size=160x90:rate=15:duration=2", string? audio = "sine=frequency=440:sample_rate=48000:duration=2", params string[] extra)
    {
        var path = Path.Combine(directory, name);
        List<string> arguments = [.. Quiet, "-f", "lavfi", "-i", video];
        if (audio is not null)
        {
            arguments.AddRange(["-f", "lavfi", "-i", audio]);
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-g", "15"]);
        if (audio is not null)
        {
            arguments.AddRange(["-c:a", "aac", "-shortest"]);
        }

        arguments.AddRange(extra);
        arguments.Add(path);
        TestTools.FFmpeg([.. arguments]);
        return path;
    }

    /// <summary>A PNG picture under a video's name.</summary>
    public static string PngNamedMp4(string directory)
    {
        var path = Path.Combine(directory, "picture.mp4");
        TestTools.FFmpeg([.. Quiet, "-f", "lavfi", "-i", "testsrc2=size=160x90", "-frames:v", "1", "-c:v", "png", "-f", "image2", "-update", "1", path]);
        return path;
    }

    public static string AudioOnly(string directory)
    {
        var path = Path.Combine(directory, "audio-only.m4a");
        TestTools.FFmpeg([.. Quiet, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-c:a", "aac", path]);
        return path;
    }

    /// <summary>30 fps for the first second, then every third frame only: a variable frame rate.</summary>
    public static string VariableFrameRate(string directory)
        => Clip(directory, "vfr.mp4", "testsrc2=size=160x90:rate=30:duration=2,select='lt(t\\,1)+not(mod(n\\,3))'", extra: ["-vsync", "vfr"]);

    /// <summary>A landscape clip with a 90° display matrix; ffmpeg 5 writes the rotate tag only when stream-copying.</summary>
    public static string Rotated(string directory)
    {
        var landscape = Clip(directory, "landscape.mp4");
        var path = Path.Combine(directory, "rotated.mp4");
        TestTools.FFmpeg([.. Quiet, "-i", landscape, "-c", "copy", "-metadata:s:v:0", "rotate=90", path]);
        return path;
    }

    public static string OnePixel(string directory)
    {
        var path = Path.Combine(directory, "one-pixel.mp4");
        // yuv420p cannot be 1 pixel wide; 4:4:4 can.
        TestTools.FFmpeg([.. Quiet, "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=15:duration=2", "-vf", "scale=1:1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", path]);
        return path;
    }

    /// <summary>A 2 s clip with a 1 MB title tag, passed through an ffmetadata file (one argument may not be that long).</summary>
    public static string HugeTitleTag(string directory)
    {
        var metadata = Path.Combine(directory, "huge.ffmeta");
        File.WriteAllText(metadata, ";FFMETADATA1\ntitle=" + new string('x', 1024 * 1024) + "\n", Encoding.ASCII);
        var path = Path.Combine(directory, "huge-tag.mp4");
        TestTools.FFmpeg(
            [.. Quiet, "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=15:duration=2", "-f", "ffmetadata", "-i", metadata,
            "-map", "0:v", "-map_metadata", "1", "-c:v", "libx264", "-preset", "ultrafast", path]);
        return path;
    }

    /// <summary>
    /// A 2 s clip whose movie header (mvhd) claims three hours. ffmpeg has no option to write a false duration, so the
    /// header is patched in place after muxing; the samples are untouched.
    /// </summary>
    public static string LyingDuration(string directory)
    {
        var path = Clip(directory, "lying-duration.mp4", extra: ["-movflags", "+faststart"]);
        var bytes = File.ReadAllBytes(path);
        var mvhd = bytes.AsSpan().IndexOf("mvhd"u8);
        Assert.True(mvhd > 0, "no mvhd box");
        var body = bytes.AsSpan(mvhd + 4);
        var version = body[0];

        // Version 0: 1 byte version, 3 flags, 4 created, 4 modified, 4 timescale, 4 duration; version 1 widens the times to 8.
        if (version == 0)
        {
            var timescale = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
            BinaryPrimitives.WriteUInt32BigEndian(body[16..], timescale * 3 * 3600);
        }
        else
        {
            var timescale = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
            BinaryPrimitives.WriteUInt64BigEndian(body[24..], (ulong)timescale * 3 * 3600);
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The clip with its container header overwritten by seeded noise: the moov box is unreadable.</summary>
    public static string Corrupt(string directory)
    {
        var source = File.ReadAllBytes(Clip(directory, "corrupt-source.mp4", extra: ["-movflags", "+faststart"]));
        new Random(42).NextBytes(source.AsSpan(32, 4096));
        var path = Path.Combine(directory, "corrupt.mp4");
        File.WriteAllBytes(path, source);
        return path;
    }

    /// <summary>The first 60% of a clip whose index (moov) comes last, as a broken upload would leave it.</summary>
    public static string Truncated(string directory)
    {
        var source = File.ReadAllBytes(Clip(directory, "truncated-source.mp4"));
        var path = Path.Combine(directory, "truncated.mp4");
        File.WriteAllBytes(path, source[..(source.Length * 6 / 10)]);
        return path;
    }

    /// <summary>One ffprobe field of the first stream of a kind ("v", "a") or of the format.</summary>
    public static string Ffprobe(string path, string entries, string streams = "v:0")
        => TestTools.FFprobe("-v", "error", "-select_streams", streams, "-show_entries", entries, "-of", "default=noprint_wrappers=1:nokey=1", path).Trim();
}
