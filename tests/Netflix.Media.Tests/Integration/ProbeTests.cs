using Netflix.Core.Media;
using Netflix.Media.Probing;


namespace Netflix.Media.Tests.Integration;

[Collection(MediaCollection.Name)]
public sealed class ProbeTests(Clips clips) : IAsyncLifetime
{
    private readonly Engine _engine = new();

    private MediaProber Prober => _engine.Get<MediaProber>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Landscape_clip_is_described_from_its_streams_and_packets()
    {
        var result = await Prober.ProbeAsync(clips.Landscape, CancellationToken.None);

        Assert.Null(result.Failure);
        var info = result.Info!;
        Assert.Equal("h264", info.Video.Codec);
        Assert.Equal((426, 240), info.Video.DisplaySize);
        Assert.Equal(new Rational(30, 1), info.Video.FrameRate);
        Assert.Equal(180, info.FrameCount);
        Assert.InRange(info.Duration.TotalSeconds, 5.99, 6.01);
        Assert.False(info.IsVariableFrameRate);
        Assert.Equal(2, info.Audio!.Channels);
        Assert.Equal(48_000, info.Audio.SampleRate);

        var keyframes = result.Frames!.Keyframes;
        Assert.Equal(6, keyframes.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], keyframes.Select(k => (int)Math.Round(k.Time.TotalSeconds)));
        Assert.All(keyframes, k => Assert.False(k.HasLeadingFrames));
    }

    [Fact]
    public async Task Rotation_metadata_turns_the_display_size()
    {
        var info = (await Prober.ProbeAsync(clips.Portrait, CancellationToken.None)).Info!;

        Assert.Contains(info.Video.Rotation, new[] { 90, 270 });
        Assert.Equal((426, 240), (info.Video.Width, info.Video.Height));
        Assert.Equal((240, 426), info.Video.DisplaySize);
    }

    [Fact]
    public async Task Variable_frame_rate_is_detected()
    {
        var result = await Prober.ProbeAsync(clips.VariableFrameRate, CancellationToken.None);

        Assert.True(result.Info!.IsVariableFrameRate);
        Assert.Equal(113, result.Info.FrameCount);
        Assert.True(result.Frames!.MaxFrameDuration > result.Frames.MinFrameDuration * 1.5);
    }

    [Fact]
    public async Task Surround_audio_reports_six_channels()
    {
        var info = (await Prober.ProbeAsync(clips.Surround, CancellationToken.None)).Info!;

        Assert.Equal(6, info.Audio!.Channels);
    }

    [Fact]
    public async Task Silent_video_has_no_audio_track()
    {
        var info = (await Prober.ProbeAsync(clips.NoAudio, CancellationToken.None)).Info!;

        Assert.Null(info.Audio);
        Assert.Equal(0, info.AudioTrackCount);
    }

    [Fact]
    public async Task Open_gop_keyframes_are_marked_as_having_leading_frames()
    {
        var frames = (await Prober.ProbeAsync(clips.OpenGop, CancellationToken.None)).Frames!;

        // Frames decoded after such a keyframe are shown before it.
        Assert.Contains(frames.Keyframes.Skip(1), k => k.HasLeadingFrames && k.DisplayIndex > k.DecodeIndex);
    }

    [Fact]
    public async Task Interlaced_coding_is_reported()
    {
        var info = (await Prober.ProbeAsync(clips.Interlaced, CancellationToken.None)).Info!;

        Assert.True(info.Video.IsInterlaced);
    }

    [Theory]
    [InlineData(nameof(Clips.Empty), MediaFailureCode.EmptyFile)]
    [InlineData(nameof(Clips.Text), MediaFailureCode.NotMedia)]
    [InlineData(nameof(Clips.RandomBytes), MediaFailureCode.NotMedia)]
    [InlineData(nameof(Clips.TruncatedIndex), MediaFailureCode.Truncated)]
    [InlineData(nameof(Clips.TruncatedData), MediaFailureCode.Truncated)]
    [InlineData(nameof(Clips.AudioOnly), MediaFailureCode.NoVideoStream)]
    [InlineData(nameof(Clips.PngNamedMp4), MediaFailureCode.StillImage)]
    [InlineData(nameof(Clips.JpegNamedMp4), MediaFailureCode.StillImage)]
    [InlineData(nameof(Clips.SingleFrame), MediaFailureCode.StillImage)]
    [InlineData(nameof(Clips.CoverOnly), MediaFailureCode.StillImage)]
    public async Task Bad_sources_fail_with_a_typed_reason(string clip, MediaFailureCode expected)
    {
        var path = (string)typeof(Clips).GetProperty(clip)!.GetValue(clips)!;

        var result = await Prober.ProbeAsync(path, CancellationToken.None);

        Assert.Null(result.Info);
        Assert.Equal(expected, result.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure.Reason));
        Assert.StartsWith("media-", result.Failure.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported_not_thrown()
    {
        var result = await Prober.ProbeAsync(Path.Combine(clips.Directory, "nope.mp4"), CancellationToken.None);

        Assert.Equal(MediaFailureCode.FileMissing, result.Failure!.Code);
    }
}
