using System.Collections.Concurrent;

using Netflix.Testing;

namespace Netflix.Media.Tests.Integration;

/// <summary>
/// Short, small test sources made with ffmpeg on first use and shared by every test in the run. Each is a few
/// seconds of 426x240 (or smaller) video so the whole suite stays fast.
/// </summary>
public sealed class Clips : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _clips = new();

    public Clips()
    {
        Directory = Path.Combine(Path.GetTempPath(), "netflix-clips-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>6 s, 426x240, 30 fps, 1 s GOP with B-frames, stereo AAC; moov at the end.</summary>
    public string Landscape => Get("landscape.mp4", path => Video(path, "426x240", 6, "-g", "30", "-c:a", "aac", "-ac", "2"));

    /// <summary>Stored 426x240, displayed upright as 240x426 through rotation metadata.</summary>
    public string Portrait => Get("portrait.mp4", path =>
    {
        var plain = path + ".plain.mp4";
        Video(plain, "426x240", 4, "-g", "30", "-c:a", "aac");
        TestTools.FFmpeg("-v", "error", "-y", "-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", path);
        File.Delete(plain);
    });

    /// <summary>Odd dimensions (321x181), 4:4:4 chroma.</summary>
    public string OddSize => Get("odd.mp4", path => Video(path, "320x180", 4, "-g", "30", "-vf", "scale=321:181,setsar=1", "-pix_fmt", "yuv444p", "-c:a", "aac"));

    /// <summary>Variable frame rate: every fourth frame of a 30 fps source is missing.</summary>
    public string VariableFrameRate => Get("vfr.mp4", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=30:duration=5",
        "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=5",
        "-vf", "select='not(eq(mod(n\\,4)\\,3))'", "-fps_mode", "vfr",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-shortest", path));

    public string NoAudio => Get("silent.mp4", path => Video(path, "426x240", 4, "-g", "30", "-an"));

    public string Surround => Get("surround.mp4", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=25:duration=4",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
        "-filter_complex", "[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]",
        "-map", "0:v", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", path));

    /// <summary>A single keyframe at the start of 8 s: nothing to cut at.</summary>
    public string SparseKeyframes => Get("sparse.mp4", path => Video(path, "426x240", 8, "-g", "1000", "-keyint_min", "1000", "-sc_threshold", "0", "-c:a", "aac"));

    /// <summary>1.5 s: shorter than one segment.</summary>
    public string ShortClip => Get("short.mp4", path => Video(path, "426x240", 1.5, "-g", "30", "-c:a", "aac"));

    /// <summary>Open GOPs: B-frames after each keyframe are shown before it.</summary>
    public string OpenGop => Get("opengop.mp4", path => Video(path, "426x240", 6, "-g", "30", "-x264-params", "open-gop=1:bframes=3", "-c:a", "aac"));

    /// <summary>Interlaced coding with top field first.</summary>
    public string Interlaced => Get("interlaced.mp4", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=50:duration=4",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
        // Real fields: 50 pictures a second woven into 25 frames, coded as interlaced.
        "-vf", "interlace=scan=tff", "-c:v", "libx264", "-preset", "veryfast", "-g", "25",
        "-flags", "+ildct+ilme", "-top", "1", "-c:a", "aac", path));

    /// <summary>Frame times jittering by up to 2 ms on a 90 kHz clock, as phone and capture files do.</summary>
    public string Jittered => Get("jitter.mp4", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=30:duration=4",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
        "-vf", "settb=1/90000,setpts=N/(30*TB)+0.002*sin(N*1.7)/TB", "-fps_mode", "passthrough", "-enc_time_base:v", "1/90000",
        "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac", "-video_track_timescale", "90000", path));

    /// <summary>An MPEG-TS capture that starts mid-GOP: its first video packets cannot be decoded.</summary>
    public string MidGopTs => Get("midgop.ts", path =>
    {
        var full = path + ".full.ts";
        Video(full, "426x240", 6, "-g", "30", "-c:a", "aac", "-f", "mpegts");
        var bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(path, bytes[(188 * 400)..]);
        File.Delete(full);
    });

    /// <summary>An audio language tag crafted to inject lines into a playlist.</summary>
    public string HostileLanguage => Get("hostile.mkv", path => Video(
        path, "320x180", 3, "-g", "25", "-c:a", "aac",
        "-metadata:s:a:0", "language=en\",URI=\"http://evil.example/x.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://evil.example/evil.m3u8"));

    public string AudioOnly => Get("audio.m4a", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:a", "aac", path));

    /// <summary>A PNG picture named .mp4.</summary>
    public string PngNamedMp4 => Get("picture.mp4", path => Picture(path, "png"));

    /// <summary>A JPEG picture (an mjpeg single frame) named .mp4.</summary>
    public string JpegNamedMp4 => Get("photo.mp4", path => Picture(path, "mjpeg"));

    /// <summary>A real H.264 MP4 of one frame.</summary>
    public string SingleFrame => Get("one-frame.mp4", path => TestTools.FFmpeg(
        "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=30", "-frames:v", "1", "-c:v", "libx264", "-preset", "ultrafast", path));

    /// <summary>A file whose only stream is a cover picture (an attached picture), no audio and no video.</summary>
    public string CoverOnly => Get("cover-only.mkv", path =>
    {
        var picture = path + ".png";
        Picture(picture, "png");
        TestTools.FFmpeg("-v", "error", "-y", "-i", picture, "-map", "0", "-c", "copy", "-disposition:v:0", "attached_pic", path);
        File.Delete(picture);
    });

    public string Empty => Get("empty.mp4", path => File.WriteAllBytes(path, []));

    public string Text => Get("notes.mp4", path => File.WriteAllText(path, "These are meeting notes, not a video.\n"));

    public string RandomBytes => Get("random.mp4", path => File.WriteAllBytes(path, Bytes(200_000, seed: 7)));

    /// <summary>The landscape clip cut in half: its index (at the end) is gone.</summary>
    public string TruncatedIndex => Get("truncated-index.mp4", path =>
    {
        var bytes = File.ReadAllBytes(Landscape);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    });

    /// <summary>A fast-start clip (index first) cut in half: the index promises frames the file no longer has.</summary>
    public string TruncatedData => Get("truncated-data.mp4", path =>
    {
        var full = path + ".full.mp4";
        Video(full, "426x240", 6, "-g", "30", "-c:a", "aac", "-movflags", "+faststart");
        var bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        File.Delete(full);
    });

    /// <summary>The landscape clip with its middle overwritten by noise: it probes, but its frames do not decode.</summary>
    public string Damaged => Get("damaged.mp4", path =>
    {
        var bytes = File.ReadAllBytes(Landscape);
        var noise = Bytes(bytes.Length / 3, seed: 11);
        noise.CopyTo(bytes, bytes.Length / 4);
        File.WriteAllBytes(path, bytes);
    });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Get(string name, Action<string> make)
        => _clips.GetOrAdd(name, n => new Lazy<string>(() =>
        {
            var path = Path.Combine(Directory, n);
            make(path);
            return path;
        })).Value;

    private static void Video(string path, string size, double seconds, params string[] extra)
    {
        var duration = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TestTools.FFmpeg(
            ["-v", "error", "-y",
             "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=30:duration={duration}",
             "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}",
             "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", .. extra, "-shortest", path]);
    }

    /// <summary>One 426x240 picture in an image format (png, mjpeg) at <paramref name="path"/>, whatever its extension.</summary>
    private static void Picture(string path, string codec)
        => TestTools.FFmpeg("-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240", "-frames:v", "1", "-c:v", codec, "-f", "image2", "-update", "1", path);

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<Clips>
{
    public const string Name = "media";
}
