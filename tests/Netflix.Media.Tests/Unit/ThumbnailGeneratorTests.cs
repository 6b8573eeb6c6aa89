using Netflix.Core.Media;
using Netflix.Media.Thumbnails;

namespace Netflix.Media.Tests.Unit;

public sealed class ThumbnailGeneratorTests
{
    [Theory]
    [InlineData(1280, 720, 160, 160, 90)]
    [InlineData(640, 360, 160, 160, 90)]
    [InlineData(720, 1280, 160, 90, 160)]
    [InlineData(640, 480, 160, 160, 120)]
    [InlineData(480, 480, 160, 160, 160)]
    [InlineData(852, 480, 160, 160, 90)]
    [InlineData(1920, 800, 240, 240, 100)]
    [InlineData(1000, 10, 160, 160, 2)]
    [InlineData(10, 1000, 160, 2, 160)]
    public void Tiles_keep_the_picture_shape_with_the_long_side_at_the_tile_width(int width, int height, int longSide, int tileWidth, int tileHeight)
    {
        var rendition = new VideoRendition("r", width, height, 400, 428, 800);

        Assert.Equal((tileWidth, tileHeight), ThumbnailGenerator.TileSize(rendition, longSide));
    }

    [Fact]
    public void Tile_short_side_is_even()
    {
        foreach (var height in Enumerable.Range(100, 400))
        {
            var (_, tileHeight) = ThumbnailGenerator.TileSize(new VideoRendition("r", 854, height, 1, 1, 1), 160);
            Assert.Equal(0, tileHeight % 2);
        }
    }

    [Fact]
    public void Storyboard_cues_step_through_tiles_and_sheets()
    {
        var storyboard = new ThumbnailResult(
            "poster.jpg", "storyboard.vtt", ["storyboard_000.jpg", "storyboard_001.jpg"], 160, 90, TimeSpan.FromSeconds(10), Tiles: 5);

        var vtt = ThumbnailGenerator.WriteVtt(storyboard, columns: 2, rows: 2, duration: TimeSpan.FromSeconds(45));

        Assert.Equal(
            """
            WEBVTT

            00:00:00.000 --> 00:00:10.000
            storyboard_000.jpg#xywh=0,0,160,90

            00:00:10.000 --> 00:00:20.000
            storyboard_000.jpg#xywh=160,0,160,90

            00:00:20.000 --> 00:00:30.000
            storyboard_000.jpg#xywh=0,90,160,90

            00:00:30.000 --> 00:00:40.000
            storyboard_000.jpg#xywh=160,90,160,90

            00:00:40.000 --> 00:00:45.000
            storyboard_001.jpg#xywh=0,0,160,90

            """.ReplaceLineEndings("\n"),
            vtt);
    }

    [Fact]
    public void Storyboard_cue_times_reach_past_an_hour_with_milliseconds()
    {
        var storyboard = new ThumbnailResult(
            "poster.jpg", "storyboard.vtt", ["storyboard_000.jpg", "storyboard_001.jpg", "storyboard_002.jpg", "storyboard_003.jpg"], 90, 160, TimeSpan.FromSeconds(10), Tiles: 371);

        var cues = Cues(ThumbnailGenerator.WriteVtt(storyboard, columns: 10, rows: 10, duration: TimeSpan.FromSeconds(3701.25)));

        Assert.Equal(371, cues.Count);
        Assert.Equal(("00:59:50.000 --> 01:00:00.000", "storyboard_003.jpg#xywh=810,800,90,160"), cues[359]);
        Assert.Equal(("01:00:00.000 --> 01:00:10.000", "storyboard_003.jpg#xywh=0,960,90,160"), cues[360]);
        Assert.Equal(("00:16:30.000 --> 00:16:40.000", "storyboard_000.jpg#xywh=810,1440,90,160"), cues[99]);
        Assert.Equal(("00:16:40.000 --> 00:16:50.000", "storyboard_001.jpg#xywh=0,0,90,160"), cues[100]);
        Assert.Equal(("01:01:40.000 --> 01:01:41.250", "storyboard_003.jpg#xywh=0,1120,90,160"), cues[370]);
    }

    [Fact]
    public void Storyboard_cues_cover_the_title_without_gaps()
    {
        var storyboard = new ThumbnailResult("p.jpg", "s.vtt", ["storyboard_000.jpg"], 160, 90, TimeSpan.FromSeconds(1.5), Tiles: 7);

        var cues = Cues(ThumbnailGenerator.WriteVtt(storyboard, columns: 4, rows: 2, duration: TimeSpan.FromSeconds(10)));

        var times = cues.Select(c => c.Timing.Split(" --> ")).ToList();
        Assert.Equal("00:00:00.000", times[0][0]);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(pair.First[1], pair.Second[0]));
        Assert.Equal("00:00:10.000", times[^1][1]);
        Assert.Equal("storyboard_000.jpg#xywh=320,90,160,90", cues[6].Target);
    }

    [Fact]
    public void Single_tile_spans_the_whole_title()
    {
        var storyboard = new ThumbnailResult("p.jpg", "s.vtt", ["storyboard_000.jpg"], 160, 90, TimeSpan.FromSeconds(1), Tiles: 1);

        Assert.Equal(
            "WEBVTT\n\n00:00:00.000 --> 00:00:00.400\nstoryboard_000.jpg#xywh=0,0,160,90\n",
            ThumbnailGenerator.WriteVtt(storyboard, 10, 10, TimeSpan.FromMilliseconds(400)));
    }

    private static List<(string Timing, string Target)> Cues(string vtt)
    {
        var blocks = vtt.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("WEBVTT", blocks[0]);
        return blocks.Skip(1).Select(b => b.Trim('\n').Split('\n')).Select(l => (l[0], l[1])).ToList();
    }
}
