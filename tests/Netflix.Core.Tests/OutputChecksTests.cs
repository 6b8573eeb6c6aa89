using Netflix.Core.Media;

namespace Netflix.Core.Tests;

public sealed class OutputChecksTests
{
    [Fact]
    public void Renditions_and_audio_ending_together_pass()
    {
        var problems = OutputChecks.Sync([Stream("1080p", 24.000), Stream("720p", 24.010), Stream("480p", 23.990)], Stream("audio", 24.021));

        Assert.Empty(problems);
    }

    [Fact]
    public void No_renditions_is_a_problem()
    {
        Assert.Equal(["no renditions"], OutputChecks.Sync([], Stream("audio", 10)));
    }

    [Fact]
    public void A_rendition_ending_apart_from_the_first_is_named()
    {
        var problems = OutputChecks.Sync([Stream("1080p", 24), Stream("720p", 24.06), Stream("480p", 23.9)], null);

        Assert.Equal(["720p ends 60 ms from 1080p", "480p ends -100 ms from 1080p"], problems);
    }

    [Fact]
    public void Audio_ending_apart_from_the_video_is_reported()
    {
        var problems = OutputChecks.Sync([Stream("1080p", 24)], Stream("audio", 23.93));

        Assert.Equal(["audio ends -70 ms from the video"], problems);
    }

    [Theory]
    [InlineData(49, true)]
    [InlineData(50, false)]
    [InlineData(-49, true)]
    [InlineData(-50, false)]
    public void Drift_tolerance_is_under_fifty_milliseconds(int driftMs, bool passes)
    {
        var video = Stream("1080p", 24);
        var audio = new StreamCheck("audio", 0, TimeSpan.Zero, video.End + TimeSpan.FromMilliseconds(driftMs), []);

        Assert.Equal(passes, OutputChecks.Sync([video], audio).Count == 0);
    }

    [Fact]
    public void Silent_titles_only_compare_renditions()
    {
        Assert.Empty(OutputChecks.Sync([Stream("1080p", 24), Stream("720p", 24)], null));
    }

    private static StreamCheck Stream(string name, double endSeconds)
        => new(name, 0, TimeSpan.Zero, TimeSpan.FromSeconds(endSeconds), []);
}
