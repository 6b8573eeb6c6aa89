using Netflix.Media.Transcoding;

namespace Netflix.Media.Tests.Unit;

public sealed class FFmpegArgumentsTests
{
    private static readonly string[] Preamble = ["-hide_banner", "-nostdin", "-loglevel", "error", "-progress", "pipe:2", "-nostats"];

    [Fact]
    public void Every_command_starts_quiet_with_progress_on_stderr()
    {
        Assert.Equal(Preamble, new FFmpegArguments().Build());
    }

    [Fact]
    public void Typed_values_are_written_in_the_invariant_culture()
    {
        var args = new FFmpegArguments()
            .Add("-g", 60)
            .Add("-hls_time", TimeSpan.FromMilliseconds(3999))
            .Add("-ss", TimeSpan.FromTicks(123_456_789))
            .Add("-itsoffset", TimeSpan.FromMilliseconds(-200))
            .Add("-an")
            .Build();

        Assert.Equal([.. Preamble, "-g", "60", "-hls_time", "3.999000", "-ss", "12.345679", "-itsoffset", "-0.200000", "-an"], args);
    }

    [Fact]
    public void Threads_zero_leaves_the_choice_to_ffmpeg()
    {
        Assert.Equal(Preamble, new FFmpegArguments().Threads(0).Build());
        Assert.Equal([.. Preamble, "-threads", "4"], new FFmpegArguments().Threads(4).Build());
    }

    [Fact]
    public void Input_seeks_before_the_input_only_for_a_positive_position()
    {
        Assert.Equal([.. Preamble, "-ss", "12.500000", "-i", "/media/in.mp4"], new FFmpegArguments().Input("/media/in.mp4", TimeSpan.FromSeconds(12.5)).Build());
        Assert.Equal([.. Preamble, "-i", "/media/in.mp4"], new FFmpegArguments().Input("/media/in.mp4", TimeSpan.Zero).Build());
        Assert.Equal([.. Preamble, "-i", "/media/in.mp4"], new FFmpegArguments().Input("/media/in.mp4", TimeSpan.FromSeconds(-1)).Build());
    }

    [Theory]
    [InlineData("in.mp4")]
    [InlineData("./in.mp4")]
    [InlineData("-i")]
    [InlineData("http://example.com/in.mp4")]
    [InlineData("concat:/a|/b")]
    public void Relative_input_paths_are_rejected(string path)
    {
        Assert.Throws<ArgumentException>(() => new FFmpegArguments().Input(path));
    }

    [Fact]
    public void Relative_output_paths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FFmpegArguments().Output("out/index.m3u8"));
        Assert.Equal([.. Preamble, "/out/index.m3u8"], new FFmpegArguments().Output("/out/index.m3u8").Build());
    }

    [Fact]
    public void Concat_input_joins_absolute_paths_with_a_bar()
    {
        var args = new FFmpegArguments().InputConcat("/hls/720p/init.mp4", "/hls/720p/c00001_002.m4s").Build();

        Assert.Equal([.. Preamble, "-i", "concat:/hls/720p/init.mp4|/hls/720p/c00001_002.m4s"], args);
    }

    [Fact]
    public void Concat_input_rejects_a_path_containing_a_bar()
    {
        var error = Assert.Throws<ArgumentException>(() => new FFmpegArguments().InputConcat("/hls/init.mp4", "/hls/a|b.m4s"));

        Assert.Contains("'|'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_input_rejects_a_relative_path()
    {
        Assert.Throws<ArgumentException>(() => new FFmpegArguments().InputConcat("/hls/init.mp4", "seg.m4s"));
    }

    [Fact]
    public void Empty_option_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FFmpegArguments().Add("-vf", string.Empty));
    }

    [Theory]
    [InlineData(0, "0.000000")]
    [InlineData(10_000_000, "1.000000")]
    [InlineData(333_333, "0.033333")]
    [InlineData(40_333_330, "4.033333")]
    [InlineData(36_000_000_000, "3600.000000")]
    public void Seconds_have_microsecond_precision(long ticks, string expected)
    {
        Assert.Equal(expected, FFmpegArguments.Seconds(TimeSpan.FromTicks(ticks)));
    }
}
