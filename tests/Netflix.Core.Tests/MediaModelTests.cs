using Netflix.Core.Media;

namespace Netflix.Core.Tests;

public sealed class MediaModelTests
{
    [Theory]
    [InlineData(0, 1920, 1080)]
    [InlineData(90, 1080, 1920)]
    [InlineData(180, 1920, 1080)]
    [InlineData(270, 1080, 1920)]
    public void Display_size_applies_rotation(int rotation, int width, int height)
    {
        var track = Track(1920, 1080) with { Rotation = rotation };

        Assert.Equal((width, height), track.DisplaySize);
    }

    [Fact]
    public void Display_size_stretches_width_by_the_sample_aspect_ratio()
    {
        Assert.Equal((768, 576), (Track(720, 576) with { SampleAspectRatio = new Rational(16, 15) }).DisplaySize);
        Assert.Equal((1024, 576), (Track(720, 576) with { SampleAspectRatio = new Rational(64, 45) }).DisplaySize);
        Assert.Equal((1920, 1080), (Track(1440, 1080) with { SampleAspectRatio = new Rational(4, 3) }).DisplaySize);
    }

    [Fact]
    public void Display_size_applies_aspect_ratio_before_rotation()
    {
        var track = Track(1440, 1080) with { SampleAspectRatio = new Rational(4, 3), Rotation = 90 };

        Assert.Equal((1080, 1920), track.DisplaySize);
    }

    [Fact]
    public void Display_size_ignores_an_invalid_aspect_ratio()
    {
        Assert.Equal((640, 480), (Track(640, 480) with { SampleAspectRatio = Rational.Zero }).DisplaySize);
    }

    [Fact]
    public void Average_frame_rate_is_frames_over_duration()
    {
        var info = Info(TimeSpan.FromSeconds(10), 300);

        Assert.Equal(30, info.AverageFrameRate);
        Assert.Equal(0, Info(TimeSpan.Zero, 300).AverageFrameRate);
    }

    [Fact]
    public void Every_failure_code_has_its_own_stable_error_code()
    {
        var codes = Enum.GetValues<MediaFailureCode>().Select(c => new MediaFailure(c, "x").ErrorCode).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.StartsWith("media-", c, StringComparison.Ordinal));
        Assert.DoesNotContain("media-failed", codes);
        Assert.Equal("media-not-media", new MediaFailure(MediaFailureCode.NotMedia, "x").ErrorCode);
        Assert.Equal("media-output-check-failed", new MediaFailure(MediaFailureCode.OutputCheckFailed, "x").ErrorCode);
    }

    [Fact]
    public void Media_processing_exception_carries_its_failure()
    {
        var failure = new MediaFailure(MediaFailureCode.Truncated, "Cut off.");

        var error = new MediaProcessingException(failure);

        Assert.Same(failure, error.Failure);
        Assert.Equal("media-truncated: Cut off.", error.Message);
        Assert.Equal(failure, MediaFailure.FromMessage(error.Message));
        Assert.Equal(MediaFailureCode.ProcessingFailed, new MediaProcessingException("plain").Failure.Code);
    }

    [Fact]
    public void A_message_without_a_failure_code_reads_back_as_a_processing_failure()
    {
        Assert.Equal(new MediaFailure(MediaFailureCode.ProcessingFailed, "disk full"), MediaFailure.FromMessage("disk full"));
        Assert.Equal(MediaFailureCode.Damaged, MediaFailure.FromMessage("media-damaged: bad frames").Code);
    }

    [Fact]
    public void Chunk_segment_duration_is_its_duration_over_its_segments()
    {
        var chunk = new ChunkSpec(1, 300, 300, 375, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(15), 3, ChunkInput.SplitFile);

        Assert.Equal(TimeSpan.FromSeconds(5), chunk.SegmentDuration);
    }

    [Fact]
    public void Chunk_plan_frame_count_sums_its_chunks()
    {
        Assert.Equal(1080, TestPlans.Chunks(3).FrameCount);
    }

    [Fact]
    public void Stitch_is_complete_when_every_chunk_is_ready()
    {
        Assert.True(new StitchResult(4, 4, TimeSpan.Zero).IsComplete);
        Assert.False(new StitchResult(3, 4, TimeSpan.Zero).IsComplete);
    }

    private static VideoTrack Track(int width, int height)
        => new() { StreamIndex = 0, Codec = "h264", Width = width, Height = height, FrameRate = new Rational(25, 1) };

    private static MediaInfo Info(TimeSpan duration, int frames) => new()
    {
        Container = "mp4",
        SizeBytes = 1,
        Duration = duration,
        Video = Track(640, 360),
        FrameCount = frames,
        MaxFrameDuration = TimeSpan.FromMilliseconds(40),
    };
}
