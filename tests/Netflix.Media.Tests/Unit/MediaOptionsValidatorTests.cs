using Microsoft.Extensions.Options;

namespace Netflix.Media.Tests.Unit;

public sealed class MediaOptionsValidatorTests
{
    private static readonly MediaOptionsValidator Validator = new();

    [Fact]
    public void Default_options_are_valid()
    {
        var result = Validator.Validate(null, new MediaOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Default_ladder_is_used_when_none_is_configured()
    {
        var options = new MediaOptions();

        Assert.Equal(["1080p", "720p", "480p", "360p"], options.EffectiveLadder.Select(r => r.Name));
        options.Ladder = [Rung("only", 240)];
        Assert.Equal(["only"], options.EffectiveLadder.Select(r => r.Name));
    }

    [Theory]
    [InlineData("720/p")]
    [InlineData("../720p")]
    [InlineData("720 p")]
    [InlineData("")]
    [InlineData("a-name-that-is-far-too-long-for-x1")]
    [InlineData("720p.")]
    public void Rung_name_that_cannot_be_a_folder_is_rejected(string name)
    {
        var result = Validate(o => o.Ladder = [Rung(name, 720)]);

        Assert.Contains(result.Failures!, f => f.Contains($"rung name '{name}'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("720p")]
    [InlineData("hd_720-main")]
    [InlineData("a")]
    public void Plain_rung_names_are_accepted(string name)
    {
        Assert.True(Validate(o => o.Ladder = [Rung(name, 720)]).Succeeded);
    }

    [Fact]
    public void Duplicate_rung_names_are_rejected_whatever_their_case()
    {
        var result = Validate(o => o.Ladder = [Rung("HD", 720), Rung("hd", 480)]);

        Assert.Contains("Media:Ladder rung names must be unique.", result.Failures!);
    }

    [Theory]
    [InlineData("audio")]
    [InlineData("Audio")]
    public void Audio_is_a_reserved_rung_name(string name)
    {
        var result = Validate(o => o.Ladder = [Rung(name, 720)]);

        Assert.Contains("Media:Ladder rung name 'audio' is reserved.", result.Failures!);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(4321)]
    public void Rung_height_out_of_range_is_rejected(int height)
    {
        Assert.Contains(Validate(o => o.Ladder = [Rung("r", height)]).Failures!, f => f.Contains("height", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(49)]
    [InlineData(100_001)]
    public void Rung_bitrate_out_of_range_is_rejected(int bitrate)
    {
        var result = Validate(o => o.Ladder = [new LadderRung { Name = "r", Height = 720, BitrateKbps = bitrate }]);

        Assert.Contains(result.Failures!, f => f.Contains("bitrate", StringComparison.Ordinal));
    }

    [Fact]
    public void Peak_rate_below_the_bitrate_is_rejected()
    {
        var result = Validate(o => o.Ladder = [new LadderRung { Name = "r", Height = 720, BitrateKbps = 3000, MaxRateKbps = 2000 }]);

        Assert.Contains(result.Failures!, f => f.Contains("MaxRateKbps", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(31)]
    public void Segment_duration_outside_one_to_thirty_seconds_is_rejected(double seconds)
    {
        var result = Validate(o =>
        {
            o.SegmentDuration = TimeSpan.FromSeconds(seconds);
            o.ChunkDuration = TimeSpan.FromSeconds(60);
        });

        Assert.Contains("Media:SegmentDuration must be between 1 and 30 seconds.", result.Failures!);
    }

    [Fact]
    public void Chunk_shorter_than_a_segment_is_rejected()
    {
        var result = Validate(o =>
        {
            o.SegmentDuration = TimeSpan.FromSeconds(6);
            o.ChunkDuration = TimeSpan.FromSeconds(4);
            o.FirstChunkDuration = TimeSpan.FromSeconds(4);
        });

        Assert.Equal(
            ["Media:ChunkDuration must be at least one segment long.", "Media:FirstChunkDuration must be between one segment and Media:ChunkDuration."],
            result.Failures);
    }

    [Fact]
    public void First_chunk_longer_than_the_chunks_is_rejected()
    {
        var result = Validate(o => o.FirstChunkDuration = TimeSpan.FromSeconds(20));

        Assert.Equal(["Media:FirstChunkDuration must be between one segment and Media:ChunkDuration."], result.Failures);
    }

    [Fact]
    public void Chunk_of_exactly_one_segment_is_accepted()
    {
        Assert.True(Validate(o => o.ChunkDuration = o.SegmentDuration).Succeeded);
    }

    [Theory]
    [InlineData("veryfast", "high", true)]
    [InlineData("slow", "main", true)]
    [InlineData("veryfast -x264opts", "high", false)]
    [InlineData("VeryFast", "high", false)]
    [InlineData("veryfast", "", false)]
    public void Preset_and_profile_must_be_plain_names(string preset, string profile, bool valid)
    {
        Assert.Equal(valid, Validate(o => o.Encoding = o.Encoding with { Preset = preset, Profile = profile }).Succeeded);
    }

    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(11, 1, false)]
    [InlineData(2, -1, false)]
    [InlineData(2, 65, false)]
    [InlineData(1, 0, true)]
    [InlineData(10, 64, true)]
    public void Keyframes_per_segment_and_threads_are_bounded(int keyframes, int threads, bool valid)
    {
        Assert.Equal(valid, Validate(o => o.Encoding = o.Encoding with { KeyframesPerSegment = keyframes, Threads = threads }).Succeeded);
    }

    [Theory]
    [InlineData(31, 2, 48_000)]
    [InlineData(128, 0, 48_000)]
    [InlineData(128, 9, 48_000)]
    [InlineData(128, 2, 7_999)]
    [InlineData(513, 2, 48_000)]
    public void Audio_settings_out_of_range_are_rejected(int bitrate, int channels, int sampleRate)
    {
        var result = Validate(o => o.Audio = new AudioOptions { BitrateKbps = bitrate, Channels = channels, SampleRate = sampleRate });

        Assert.Contains(result.Failures!, f => f.StartsWith("Media:Audio", StringComparison.Ordinal));
    }

    [Fact]
    public void Mezzanine_crf_out_of_range_is_rejected()
    {
        Assert.False(Validate(o => o.MezzanineCrf = 31).Succeeded);
        Assert.False(Validate(o => o.MezzanineCrf = -1).Succeeded);
    }

    [Fact]
    public void Thumbnail_settings_out_of_range_are_rejected()
    {
        Assert.False(Validate(o => o.Thumbnails.PosterPosition = 1.5).Succeeded);
        Assert.False(Validate(o => o.Thumbnails.TileColumns = 0).Succeeded);
        Assert.False(Validate(o => o.Thumbnails.MaxInterval = TimeSpan.FromMilliseconds(500)).Succeeded);
        Assert.False(Validate(o => o.Thumbnails.MinInterval = TimeSpan.Zero).Succeeded);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Validate(o =>
        {
            o.Ladder = [Rung("a/b", 720), Rung("audio", 480)];
            o.SegmentDuration = TimeSpan.FromSeconds(0.5);
            o.MezzanineCrf = 99;
        });

        Assert.Equal(4, result.Failures!.Count());
    }

    private static ValidateOptionsResult Validate(Action<MediaOptions> configure)
    {
        var options = new MediaOptions();
        configure(options);
        return Validator.Validate(null, options);
    }

    private static LadderRung Rung(string name, int height) => new() { Name = name, Height = height, BitrateKbps = 1000 };
}
