using Netflix.Core.Media;

namespace Netflix.Media.Tests.Unit;

/// <summary>Hand-built sources, frame indexes and plans.</summary>
internal static class Sources
{
    public static MediaInfo Video(int width, int height, int rotation = 0, Rational? sampleAspectRatio = null, int? audioChannels = 2) => new()
    {
        Container = "mov,mp4,m4a,3gp,3g2,mj2",
        SizeBytes = 10_000_000,
        Duration = TimeSpan.FromSeconds(24),
        Video = new VideoTrack
        {
            StreamIndex = 0,
            Codec = "h264",
            Width = width,
            Height = height,
            Rotation = rotation,
            SampleAspectRatio = sampleAspectRatio ?? new Rational(1, 1),
            FrameRate = new Rational(30, 1),
            AverageFrameRate = new Rational(30, 1),
        },
        Audio = audioChannels is { } channels
            ? new AudioTrack { StreamIndex = 1, Codec = "aac", Channels = channels, SampleRate = 48_000 }
            : null,
        FrameCount = 720,
        MaxFrameDuration = TimeSpan.FromTicks(333_333),
    };

    /// <summary>A constant-rate index with a keyframe every <paramref name="gop"/> (closed GOPs).</summary>
    public static FrameIndex Frames(TimeSpan duration, double fps, TimeSpan gop)
    {
        var frameCount = (int)Math.Round(duration.TotalSeconds * fps);
        var framesPerGop = gop.TotalSeconds * fps;
        var keyframes = new List<Keyframe>();
        for (var k = 0; ; k++)
        {
            var frame = (int)Math.Round(k * framesPerGop);
            if (frame >= frameCount)
            {
                break;
            }

            keyframes.Add(new Keyframe(frame, frame, TimeSpan.FromSeconds(frame / fps), false));
        }

        return Index(frameCount, duration, keyframes, fps);
    }

    public static FrameIndex Index(int frameCount, TimeSpan duration, IReadOnlyList<Keyframe> keyframes, double fps = 30) => new()
    {
        FrameCount = frameCount,
        Duration = duration,
        Keyframes = keyframes,
        MinFrameDuration = TimeSpan.FromSeconds(1 / fps),
        MaxFrameDuration = TimeSpan.FromSeconds(1 / fps),
    };
}
