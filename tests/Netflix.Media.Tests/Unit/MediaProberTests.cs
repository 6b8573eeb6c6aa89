using Netflix.Core.Media;
using Netflix.Media.Probing;
using Netflix.Media.Tools;

namespace Netflix.Media.Tests.Unit;

/// <summary>The prober's decisions, on golden ffprobe output served by a fake runner: no ffprobe process.</summary>
public sealed class MediaProberTests
{
    /// <summary>Any existing file will do as the "source": the fake runner answers for it.</summary>
    private static readonly string AnyMp4 = Golden.PathOf("mp4/small_25_frames.mp4");

    [Fact]
    public async Task Normal_file_is_described_from_its_streams_and_packets()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/normal.json"), Golden.Text("packets/bframes.csv"));

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Null(result.Failure);
        var info = result.Info!;
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", info.Container);
        Assert.Equal(new FileInfo(AnyMp4).Length, info.SizeBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), info.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2), info.DeclaredDuration);
        Assert.Equal(60, info.FrameCount);
        Assert.Equal(30, info.AverageFrameRate);
        Assert.Equal(("h264", "High", 320, 180), (info.Video.Codec, info.Video.Profile, info.Video.Width, info.Video.Height));
        Assert.Equal(new AudioTrack { StreamIndex = 1, Codec = "aac", Channels = 2, ChannelLayout = "stereo", SampleRate = 48_000, BitRate = 127974, Language = "eng" }, info.Audio);
        Assert.Equal(1, info.AudioTrackCount);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1)], result.Frames!.Keyframes.Select(k => k.Time));

        // The packet scan asked for the video stream by its index.
        var scan = runner.Calls[1];
        Assert.Equal(["-v", "quiet", "-select_streams", "0"], scan.Take(4));
        Assert.Equal(Path.GetFullPath(AnyMp4), scan[^1]);
    }

    [Fact]
    public async Task Rotated_file_keeps_its_rotation()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/rotated.json"), Golden.Text("packets/bframes.csv"));

        var info = (await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None)).Info!;

        Assert.Equal(270, info.Video.Rotation);
        Assert.Equal((180, 320), info.Video.DisplaySize);
    }

    [Fact]
    public async Task Audio_only_file_has_no_video_stream()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/audio_only.json"), string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Equal(new MediaFailure(MediaFailureCode.NoVideoStream, "The file has audio but no video stream."), result.Failure);
        Assert.Single(runner.Calls);
    }

    [Fact]
    public async Task Cover_art_does_not_count_as_video()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/cover_art.json"), string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Equal(MediaFailureCode.NoVideoStream, result.Failure?.Code);
    }

    [Fact]
    public async Task Unreadable_file_without_a_media_signature_is_not_media()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/not_media.json"), string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(Golden.PathOf("packets/bframes.csv"), CancellationToken.None);

        Assert.Equal(MediaFailureCode.NotMedia, result.Failure?.Code);
        Assert.Contains("Invalid data found when processing input", result.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_file_with_an_mp4_signature_is_truncated()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/not_media.json"), string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Equal(MediaFailureCode.Truncated, result.Failure?.Code);
        Assert.Contains("MP4/QuickTime", result.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbled_ffprobe_output_is_treated_as_unreadable()
    {
        var runner = new FakeProbeRunner("{ not json", string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(Golden.PathOf("packets/bframes.csv"), CancellationToken.None);

        Assert.Equal(MediaFailureCode.NotMedia, result.Failure?.Code);
    }

    [Fact]
    public async Task Frames_ending_well_before_the_declared_duration_mean_a_truncated_file()
    {
        var json = Golden.Text("probe/normal.json").Replace("\"duration\": \"2.000000\"", "\"duration\": \"10.000000\"", StringComparison.Ordinal);
        var runner = new FakeProbeRunner(json, Golden.Text("packets/bframes.csv"));

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Equal(MediaFailureCode.Truncated, result.Failure?.Code);
        Assert.Equal("The file holds 2.0 s of video but declares 10.0 s: it is incomplete or damaged.", result.Failure!.Reason);
    }

    [Fact]
    public async Task No_packets_means_no_video_frames()
    {
        var runner = new FakeProbeRunner(Golden.Text("probe/normal.json"), "stream,1/15360\n");

        var result = await new MediaProber(runner).ProbeAsync(AnyMp4, CancellationToken.None);

        Assert.Equal(MediaFailureCode.NoVideoFrames, result.Failure?.Code);
    }

    [Fact]
    public async Task Missing_file_fails_before_running_ffprobe()
    {
        var runner = new FakeProbeRunner(string.Empty, string.Empty);

        var result = await new MediaProber(runner).ProbeAsync(Golden.PathOf("does-not-exist.mp4"), CancellationToken.None);

        Assert.Equal(MediaFailureCode.FileMissing, result.Failure?.Code);
        Assert.Empty(runner.Calls);
    }

    private sealed class FakeProbeRunner(string streamsJson, string packetsCsv) : IMediaToolRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add(arguments);
            return Task.FromResult(arguments.Contains("-show_streams") ? streamsJson : packetsCsv);
        }

        public Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
            => throw new NotSupportedException("The prober never runs ffmpeg.");
    }
}
