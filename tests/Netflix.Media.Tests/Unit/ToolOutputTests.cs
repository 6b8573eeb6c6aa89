using System.Text;
using Netflix.Media.Probing;
using Netflix.Media.Tools;

namespace Netflix.Media.Tests.Unit;

public sealed class ToolOutputTests
{
    [Theory]
    [InlineData("out_time_us=1500000", 1_500_000)]
    [InlineData("out_time_us=0", 0)]
    [InlineData("out_time_us=3600000000", 3_600_000_000)]
    public void Out_time_is_read_in_microseconds(string line, long micros)
    {
        Assert.Equal(TimeSpan.FromMicroseconds(micros), ProgressReport.TryReadOutTime(line));
    }

    [Theory]
    [InlineData("out_time_us=N/A")]
    [InlineData("out_time_us=-23220")]
    [InlineData("out_time_us=")]
    [InlineData("out_time_ms=1500000")]
    [InlineData("out_time=00:00:01.500000")]
    [InlineData("frame=42")]
    [InlineData(" out_time_us=1500000")]
    [InlineData("")]
    public void Lines_without_a_usable_out_time_report_none(string line)
    {
        Assert.Null(ProgressReport.TryReadOutTime(line));
    }

    [Theory]
    [InlineData("frame=120")]
    [InlineData("fps=59.94")]
    [InlineData("stream_0_0_q=28.0")]
    [InlineData("bitrate=1234.5kbits/s")]
    [InlineData("total_size=1048576")]
    [InlineData("out_time_us=4000000")]
    [InlineData("out_time_ms=4000000")]
    [InlineData("out_time=00:00:04.000000")]
    [InlineData("dup_frames=0")]
    [InlineData("drop_frames=1")]
    [InlineData("speed=2.5x")]
    [InlineData("progress=continue")]
    [InlineData("progress=end")]
    public void Progress_keys_are_progress_lines(string line)
    {
        Assert.True(ProgressReport.IsProgressLine(line));
    }

    [Theory]
    [InlineData("[h264 @ 0x5581] error while decoding MB 12 34, bytestream -5")]
    [InlineData("Error while decoding stream #0:0: Invalid data found when processing input")]
    [InlineData("frames dropped")]
    [InlineData("")]
    public void Decoder_messages_are_not_progress_lines(string line)
    {
        Assert.False(ProgressReport.IsProgressLine(line));
    }

    [Theory]
    [InlineData("5.1.6-0+deb12u1", 5, 1)]
    [InlineData("5.1.9-0+deb12u1", 5, 1)]
    [InlineData("n7.1", 7, 1)]
    [InlineData("n6.0.1", 6, 0)]
    [InlineData("7.0.2-static", 7, 0)]
    [InlineData("4.4.2-0ubuntu0.22.04.1", 4, 4)]
    [InlineData("7", 7, 0)]
    public void Release_versions_are_read_as_major_and_minor(string text, int major, int minor)
    {
        Assert.Equal(new Version(major, minor), MediaToolchain.ParseVersion(text));
    }

    [Theory]
    [InlineData("N-112233-gabc")]
    [InlineData("N-118000-g0123456789-20240101")]
    [InlineData("git-2024-01-01-abcdef")]
    [InlineData("")]
    public void Commit_builds_have_no_version(string text)
    {
        Assert.Null(MediaToolchain.ParseVersion(text));
    }

    [Fact]
    public void Debian_bookworm_ffmpeg_is_recent_enough()
    {
        Assert.True(MediaToolchain.ParseVersion("5.1.6-0+deb12u1") >= MediaToolchain.MinimumVersion);
        Assert.True(MediaToolchain.ParseVersion("4.4.2-0ubuntu0.22.04.1") < MediaToolchain.MinimumVersion);
    }

    [Fact]
    public void Error_lines_skip_progress_and_blank_lines()
    {
        var errors = new ErrorLines();

        errors.Add("frame=10");
        errors.Add("   ");
        errors.Add("progress=continue");
        errors.Add("  [h264 @ 0x1] corrupt macroblock  ");
        errors.Add("second error");

        Assert.Equal(2, errors.Count);
        Assert.Equal("[h264 @ 0x1] corrupt macroblock", errors.First);
    }

    [Fact]
    public void Error_lines_keep_at_most_a_hundred()
    {
        var errors = new ErrorLines();

        for (var i = 0; i < 250; i++)
        {
            errors.Add($"error {i}");
        }

        Assert.Equal(100, errors.Count);
        Assert.Equal("error 0", errors.First);
        Assert.Null(new ErrorLines().First);
    }

    [Fact]
    public void Tool_failure_message_ends_with_the_last_meaningful_lines()
    {
        const string Output = "frame=1\nfirst\n\nsecond\nprogress=end\nthird\nfourth\n";

        var error = new MediaToolException(MediaTool.FFmpeg, "ffmpeg exited with code 1.", Output);

        Assert.Equal("ffmpeg exited with code 1. second | third | fourth", error.Message);
        Assert.Equal("first | second | third | fourth", error.OutputTail());
        Assert.Equal("fourth", error.OutputTail(1));
        Assert.Equal("ffmpeg failed.", new MediaToolException(MediaTool.FFmpeg, "ffmpeg failed.", "frame=1\n").Message);
    }

    [Theory]
    [InlineData("mp4/small_25_frames.mp4", "MP4/QuickTime")]
    [InlineData("hls/init_avc_main.mp4", "MP4/QuickTime")]
    [InlineData("probe/normal.json", null)]
    [InlineData("packets/bframes.csv", null)]
    public void Container_signature_is_recognised_from_the_first_bytes(string file, string? expected)
    {
        Assert.Equal(expected, ContainerSignature.Detect(Golden.PathOf(file)));
    }

    [Fact]
    public void Container_signatures_of_other_formats_are_recognised()
    {
        var ts = new byte[400];
        ts[0] = ts[188] = ts[376] = 0x47;

        Assert.Equal("Matroska/WebM", ContainerSignature.Detect(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0, 0 }));
        Assert.Equal("MPEG-TS", ContainerSignature.Detect(ts));
        Assert.Equal("AVI", ContainerSignature.Detect(Encoding.ASCII.GetBytes("RIFF\0\0\0\0AVI LIST")));
        Assert.Equal("MPEG-PS", ContainerSignature.Detect(new byte[] { 0, 0, 1, 0xBA }));
        Assert.Equal("Ogg", ContainerSignature.Detect(Encoding.ASCII.GetBytes("OggS\0")));
        Assert.Equal("FLV", ContainerSignature.Detect(Encoding.ASCII.GetBytes("FLV\x01")));
        Assert.Equal("ASF/WMV", ContainerSignature.Detect(new byte[] { 0x30, 0x26, 0xB2, 0x75 }));
        Assert.Null(ContainerSignature.Detect(Encoding.ASCII.GetBytes("RIFF\0\0\0\0WAVEfmt ")));
        Assert.Null(ContainerSignature.Detect(ReadOnlySpan<byte>.Empty));
    }
}
