using Netflix.Core.Media;

namespace Netflix.Core.Tests;

/// <summary>Hand-built plans for workflow tests: a 1080p source with a two-rung ladder.</summary>
internal static class TestPlans
{
    public static readonly MediaJob Job = new("video-1", "uploads/video-1.mp4");

    public static TranscodePlan Plan(bool withAudio = true) => new()
    {
        Source = new MediaInfo
        {
            Container = "mov,mp4,m4a,3gp,3g2,mj2",
            SizeBytes = 1_000_000,
            Duration = TimeSpan.FromSeconds(60),
            Video = new VideoTrack
            {
                StreamIndex = 0,
                Codec = "h264",
                Width = 1920,
                Height = 1080,
                FrameRate = new Rational(30, 1),
                AverageFrameRate = new Rational(30, 1),
            },
            Audio = withAudio ? new AudioTrack { StreamIndex = 1, Codec = "aac", Channels = 2, SampleRate = 48_000 } : null,
            FrameCount = 1800,
            MaxFrameDuration = TimeSpan.FromTicks(333_333),
        },
        Ladder = new Ladder(
            [
                new VideoRendition("1080p", 1920, 1080, 5000, 5350, 10000),
                new VideoRendition("720p", 1280, 720, 2800, 2996, 5600),
            ],
            withAudio ? new AudioRendition("audio", 128, 2, 48_000) : null),
        Encoding = new VideoEncoding(),
        TargetSegmentDuration = TimeSpan.FromSeconds(4),
    };

    /// <summary><paramref name="count"/> chunks of 12 s (360 frames, 3 segments) back to back.</summary>
    public static ChunkPlan Chunks(int count) => new(
        SplitMode.StreamCopy,
        Enumerable.Range(0, count)
            .Select(i => new ChunkSpec(i, i * 360, i * 360, 360, TimeSpan.FromSeconds(12 * i), TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile))
            .ToList());
}
