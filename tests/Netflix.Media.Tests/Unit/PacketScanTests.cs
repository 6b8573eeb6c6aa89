using Netflix.Core.Media;
using Netflix.Media.Probing;

namespace Netflix.Media.Tests.Unit;

public sealed class PacketScanTests
{
    private static readonly Rational Thirty = new(30, 1);

    private static readonly TimeSpan OneFrameAt30 = TimeSpan.FromTicks(333_333);

    [Fact]
    public void B_frame_clip_has_keyframes_in_display_and_decode_order()
    {
        var scan = PacketScan.Parse(Golden.Text("packets/bframes.csv"), Thirty);
        var frames = scan.ToFrameIndex()!;

        Assert.Equal(new Rational(1, 15360), scan.TimeBase);
        Assert.Equal(60, scan.Count);
        Assert.Equal(60, frames.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(2), frames.Duration);
        Assert.Equal(
            [new Keyframe(0, 0, TimeSpan.Zero, false), new Keyframe(30, 30, TimeSpan.FromSeconds(1), false)],
            frames.Keyframes);
        Assert.False(frames.IsVariableFrameRate);
        Assert.Equal(OneFrameAt30, frames.MinFrameDuration);
        Assert.Equal(OneFrameAt30, frames.MaxFrameDuration);
    }

    [Fact]
    public void B_frame_clip_packets_come_in_decode_order()
    {
        var scan = PacketScan.Parse(Golden.Text("packets/bframes.csv"), Thirty);

        // "packet,0,-1024,512,K_" then "packet,1536,-512,512,__": decode times rise, presentation times do not.
        Assert.Equal([0L, 1536, 512, 1024], scan.Pts.Take(4));
        Assert.Equal([-1024L, -512, 0, 512], scan.Dts.Take(4));
        Assert.Equal(scan.Dts.Order(), scan.Dts);
        Assert.NotEqual(scan.Pts.Order(), scan.Pts);
        Assert.All(scan.Durations, d => Assert.Equal(512, d));
        Assert.Equal(2, scan.IsKey.Count(k => k));
    }

    [Fact]
    public void Open_gop_keyframes_have_leading_frames()
    {
        var frames = PacketScan.Parse(Golden.Text("packets/open_gop.csv"), Thirty).ToFrameIndex()!;

        // x264 open-gop: each later I-frame is decoded two packets before its place in display order, and the two
        // B-frames after it are shown before it.
        Assert.Equal(
            [
                new Keyframe(0, 0, TimeSpan.Zero, false),
                new Keyframe(28, 30, TimeSpan.FromSeconds(1), true),
                new Keyframe(58, 60, TimeSpan.FromSeconds(2), true),
            ],
            frames.Keyframes);
        Assert.Equal(90, frames.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(3), frames.Duration);
    }

    [Fact]
    public void Variable_frame_rate_clip_is_detected()
    {
        var frames = PacketScan.Parse(Golden.Text("packets/vfr.csv"), Thirty).ToFrameIndex()!;

        // Every fourth frame of 2 s at 30 fps was dropped: 45 frames, gaps of one and two frame times.
        Assert.True(frames.IsVariableFrameRate);
        Assert.Equal(45, frames.FrameCount);
        Assert.Equal(TimeSpan.FromTicks(19_666_667), frames.Duration);
        Assert.Equal(OneFrameAt30, frames.MinFrameDuration);
        Assert.Equal(TimeSpan.FromTicks(666_667), frames.MaxFrameDuration);
        Assert.Equal(
            [new Keyframe(0, 0, TimeSpan.Zero, false), new Keyframe(30, 30, TimeSpan.FromTicks(13_333_333), false)],
            frames.Keyframes);
    }

    [Fact]
    public void Raw_stream_without_timestamps_is_timed_from_packet_durations()
    {
        var scan = PacketScan.Parse(Golden.Text("packets/raw_h264.csv"), new Rational(25, 1));
        var frames = scan.ToFrameIndex()!;

        Assert.Equal(new Rational(1, 1_200_000), scan.TimeBase);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i * 48_000L), scan.Pts);
        Assert.All(scan.Dts, d => Assert.Equal(long.MinValue, d));
        Assert.Equal(25, frames.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(1), frames.Duration);
        Assert.Equal(
            [
                new Keyframe(0, 0, TimeSpan.Zero, false),
                new Keyframe(12, 12, TimeSpan.FromSeconds(0.48), false),
                new Keyframe(24, 24, TimeSpan.FromSeconds(0.96), false),
            ],
            frames.Keyframes);
        Assert.False(frames.IsVariableFrameRate);
    }

    [Fact]
    public void Missing_timestamps_and_durations_fall_back_to_the_nominal_frame_rate()
    {
        const string Output = "packet,N/A,N/A,N/A,K_\npacket,N/A,N/A,N/A,__\npacket,N/A,N/A,N/A,__\nstream,1/90000\n";

        var scan = PacketScan.Parse(Output, new Rational(25, 1));

        Assert.Equal([0L, 3600, 7200], scan.Pts);
        Assert.Equal([0L, 0, 0], scan.Durations);
        Assert.Equal(TimeSpan.FromSeconds(0.12), scan.ToFrameIndex()!.Duration);
    }

    [Fact]
    public void Missing_presentation_time_uses_the_decode_time()
    {
        var scan = PacketScan.Parse("stream,1/1000\npacket,N/A,40,40,K_\npacket,80,80,40,__\n", Thirty);

        Assert.Equal([40L, 80], scan.Pts);
        Assert.Equal([40L, 80], scan.Dts);
    }

    [Fact]
    public void Discarded_packets_are_skipped()
    {
        const string Output = """
            packet,-1024,-1024,512,KD
            packet,-512,-512,512,_D
            packet,0,0,512,K_
            packet,512,512,512,__
            packet,1024,1024,512,__
            stream,1/15360
            """;

        var frames = PacketScan.Parse(Output, Thirty).ToFrameIndex()!;

        Assert.Equal(3, frames.FrameCount);
        Assert.Equal([new Keyframe(0, 0, TimeSpan.Zero, false)], frames.Keyframes);
        Assert.Equal(TimeSpan.FromTicks(1_000_000), frames.Duration);
    }

    [Fact]
    public void Time_base_defaults_to_90_kHz_without_a_stream_line()
    {
        var scan = PacketScan.Parse("packet,0,0,3000,K_\npacket,3000,3000,3000,__\n", Thirty);

        Assert.Equal(new Rational(1, 90_000), scan.TimeBase);
        Assert.Equal(TimeSpan.FromTicks(666_667), scan.ToFrameIndex()!.Duration);
    }

    [Fact]
    public void Times_are_relative_to_the_first_frame_shown()
    {
        // An MPEG-TS style clock that starts at 10 s.
        var output = "stream,1/90000\n" + string.Concat(Enumerable.Range(0, 50).Select(i =>
            $"packet,{900_000 + (i * 3600)},{900_000 + (i * 3600)},3600,{(i % 25 == 0 ? "K_" : "__")}\n"));

        var frames = PacketScan.Parse(output, new Rational(25, 1)).ToFrameIndex()!;

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1)], frames.Keyframes.Select(k => k.Time));
        Assert.Equal(TimeSpan.FromSeconds(2), frames.Duration);
    }

    [Fact]
    public void Lines_that_are_not_packets_or_streams_are_ignored()
    {
        const string Output = "\r\n  \nside_data,foo\npacket,0,0\npacket,0,0,512,K_\r\npacket,512,512,512,__\r\nstream,1/15360\r\n";

        var scan = PacketScan.Parse(Output, Thirty);

        Assert.Equal(2, scan.Count);
        Assert.Equal(new Rational(1, 15360), scan.TimeBase);
    }

    [Fact]
    public void Empty_output_has_no_frame_index()
    {
        Assert.Null(PacketScan.Parse(string.Empty, Thirty).ToFrameIndex());
    }

    [Fact]
    public void Last_frame_without_a_duration_lasts_the_typical_gap()
    {
        var scan = PacketScan.Parse("stream,1/1000\npacket,0,0,N/A,K_\npacket,40,40,N/A,__\npacket,80,80,N/A,__\npacket,120,120,0,__\n", new Rational(25, 1));

        var frames = scan.ToFrameIndex()!;

        Assert.Equal(40, scan.LastFrameDuration(scan.SortedPts()));
        Assert.Equal(TimeSpan.FromMilliseconds(160), frames.Duration);
    }

    [Fact]
    public void A_single_frame_lasts_its_packet_duration()
    {
        var frames = PacketScan.Parse("stream,1/1000\npacket,0,0,40,K_\n", new Rational(25, 1)).ToFrameIndex()!;

        Assert.Equal(1, frames.FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(40), frames.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(40), frames.MaxFrameDuration);
        Assert.False(frames.IsVariableFrameRate);
    }

    [Fact]
    public void Millisecond_time_base_at_29_97_fps_is_constant_rate()
    {
        // 33/34 ms gaps are rounding, not a variable rate.
        var pts = Enumerable.Range(0, 300).Select(i => (long)Math.Round(i * 1001 / 30.0)).ToList();
        var output = "stream,1/1000\n" + string.Concat(pts.Select((p, i) => $"packet,{p},{p},N/A,{(i == 0 ? "K_" : "__")}\n"));

        var frames = PacketScan.Parse(output, new Rational(30000, 1001)).ToFrameIndex()!;

        Assert.False(frames.IsVariableFrameRate);
        Assert.Equal(TimeSpan.FromMilliseconds(33), frames.MinFrameDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(34), frames.MaxFrameDuration);
    }

    [Fact]
    public void Gaps_are_differences_between_neighbours()
    {
        Assert.Equal([512L, 1024, 512], PacketScan.Gaps([0, 512, 1536, 2048]));
        Assert.Empty(PacketScan.Gaps([7]));
    }
}
