using Netflix.Media.Hls;

namespace Netflix.Media.Tests.Unit;

public sealed class MediaPlaylistTests
{
    [Fact]
    public void Ffmpeg_vod_playlist_is_read_in_full()
    {
        var playlist = MediaPlaylist.Parse(Golden.Text("hls/ffmpeg_vod.m3u8"));

        Assert.Equal(7, playlist.Version);
        Assert.Equal(2, playlist.TargetDuration);
        Assert.Equal(0, playlist.MediaSequence);
        Assert.Equal("VOD", playlist.PlaylistType);
        Assert.True(playlist.EndList);
        Assert.False(playlist.IndependentSegments);
        Assert.Equal(
            [
                new MediaSegment("seg_000.m4s", TimeSpan.FromSeconds(2.4), "init.mp4"),
                new MediaSegment("seg_001.m4s", TimeSpan.FromSeconds(2.4), "init.mp4"),
                new MediaSegment("seg_002.m4s", TimeSpan.FromSeconds(1.2), "init.mp4"),
            ],
            playlist.Segments);
        Assert.Equal(TimeSpan.FromSeconds(6), playlist.Duration);
    }

    [Fact]
    public void Ffmpeg_playlist_is_written_back_byte_for_byte()
    {
        var text = Golden.Text("hls/ffmpeg_vod.m3u8");

        Assert.Equal(text, MediaPlaylist.Parse(text).Write());
    }

    [Fact]
    public void Target_duration_rule_agrees_with_ffmpeg()
    {
        var playlist = MediaPlaylist.Parse(Golden.Text("hls/ffmpeg_vod.m3u8"));

        Assert.Equal(playlist.TargetDuration, MediaPlaylist.TargetDurationFor(playlist.Segments));
    }

    [Theory]
    [InlineData(new[] { 2.4, 2.4, 1.2 }, 2)]
    [InlineData(new[] { 4.0, 4.0, 3.2 }, 4)]
    [InlineData(new[] { 4.49 }, 4)]
    [InlineData(new[] { 4.5 }, 5)]
    [InlineData(new[] { 2.5, 1.0 }, 3)]
    [InlineData(new[] { 0.2 }, 1)]
    [InlineData(new double[0], 1)]
    public void Target_duration_is_the_longest_segment_rounded_to_the_nearest_second(double[] durations, int expected)
    {
        var segments = durations.Select((d, i) => new MediaSegment($"s{i}.m4s", TimeSpan.FromSeconds(d), null)).ToList();

        Assert.Equal(expected, MediaPlaylist.TargetDurationFor(segments));
    }

    [Fact]
    public void Every_segment_rounded_fits_the_target_of_a_created_playlist()
    {
        var segments = new[] { 3.96, 4.04, 4.5, 2.2, 4.49 }.Select((d, i) => new MediaSegment($"s{i}.m4s", TimeSpan.FromSeconds(d), "init.mp4")).ToList();

        var playlist = MediaPlaylist.Parse(MediaPlaylist.Create(segments, complete: true).Write());

        Assert.Equal(5, playlist.TargetDuration);
        Assert.All(playlist.Segments, s => Assert.True(Math.Round(s.Duration.TotalSeconds, MidpointRounding.AwayFromZero) <= playlist.TargetDuration));
    }

    [Fact]
    public void Complete_playlist_is_vod_with_an_end_tag()
    {
        var playlist = MediaPlaylist.Create([new MediaSegment("a.m4s", TimeSpan.FromSeconds(4), "init.mp4")], complete: true);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4.000000,\na.m4s\n#EXT-X-ENDLIST\n",
            playlist.Write());
    }

    [Fact]
    public void Partial_playlist_is_an_event_without_an_end_tag()
    {
        var playlist = MediaPlaylist.Create([new MediaSegment("a.m4s", TimeSpan.FromSeconds(4), "init.mp4")], complete: false);

        var text = playlist.Write();

        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-ENDLIST", text, StringComparison.Ordinal);
        var back = MediaPlaylist.Parse(text);
        Assert.Equal(("EVENT", false, true), (back.PlaylistType, back.EndList, back.IndependentSegments));
    }

    [Fact]
    public void Map_is_written_only_where_the_init_segment_changes()
    {
        var segments = new List<MediaSegment>
        {
            new("c0_000.m4s", TimeSpan.FromSeconds(4), "init.mp4"),
            new("c0_001.m4s", TimeSpan.FromSeconds(4), "init.mp4"),
            new("c1_000.m4s", TimeSpan.FromSeconds(4), "init_c00001.mp4"),
            new("c2_000.m4s", TimeSpan.FromSeconds(4), "init.mp4"),
            new("c2_001.m4s", TimeSpan.FromSeconds(3.5), "init.mp4"),
        };

        var text = MediaPlaylist.Create(segments, complete: true).Write();

        Assert.Equal(
            ["init.mp4", "init_c00001.mp4", "init.mp4"],
            text.Split('\n').Where(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)).Select(l => l.Split('"')[1]));
        Assert.Equal(segments, MediaPlaylist.Parse(text).Segments);
    }

    [Fact]
    public void Discontinuities_round_trip()
    {
        var segments = new List<MediaSegment>
        {
            new("a.m4s", TimeSpan.FromSeconds(4), "init.mp4"),
            new("b.m4s", TimeSpan.FromSeconds(4), "init.mp4", Discontinuity: true),
            new("c.m4s", TimeSpan.FromSeconds(2), "init.mp4"),
        };

        var text = MediaPlaylist.Create(segments, complete: true).Write();

        Assert.Contains("#EXTINF:4.000000,\na.m4s\n#EXT-X-DISCONTINUITY\n#EXTINF:4.000000,\nb.m4s\n", text, StringComparison.Ordinal);
        Assert.Equal(segments, MediaPlaylist.Parse(text).Segments);
    }

    [Fact]
    public void Segment_durations_keep_microsecond_precision()
    {
        var segment = new MediaSegment("a.m4s", TimeSpan.FromTicks(40_333_330), null);

        var text = MediaPlaylist.Create([segment], complete: true).Write();

        Assert.Contains("#EXTINF:4.033333,\n", text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromTicks(40_333_330), MediaPlaylist.Parse(text).Segments[0].Duration);
    }

    [Fact]
    public void Segments_without_a_map_have_no_init()
    {
        var playlist = MediaPlaylist.Parse("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:9.5,title\nseg.ts\n#EXT-X-ENDLIST\n");

        Assert.Equal([new MediaSegment("seg.ts", TimeSpan.FromSeconds(9.5), null)], playlist.Segments);
        Assert.Null(playlist.PlaylistType);
    }

    [Fact]
    public void Windows_line_endings_and_blank_lines_are_accepted()
    {
        var playlist = MediaPlaylist.Parse("#EXTM3U\r\n\r\n#EXT-X-TARGETDURATION:4\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXTINF:4.0,\r\nseg.m4s\r\n#EXT-X-ENDLIST\r\n");

        Assert.Equal([new MediaSegment("seg.m4s", TimeSpan.FromSeconds(4), "init.mp4")], playlist.Segments);
        Assert.True(playlist.EndList);
    }

    [Fact]
    public void Unknown_tags_are_ignored()
    {
        var playlist = MediaPlaylist.Parse("#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00Z\n#EXT-X-BYTERANGE:100@0\n#EXTINF:1,\na.m4s\n");

        Assert.Single(playlist.Segments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n#EXTM3U\n")]
    [InlineData("#EXT-X-VERSION:7\n")]
    [InlineData("#EXTM3U\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXTINF:abc,\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXTINF:-1,\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXTINF:NaN,\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXTINF:Infinity,\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXTINF\nseg.m4s\n")]
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:four\n")]
    [InlineData("#EXTM3U\n#EXT-X-VERSION:\n")]
    [InlineData("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:x\n")]
    [InlineData("#EXTM3U\n#EXT-X-MAP:BYTERANGE=\"100@0\"\n")]
    [InlineData("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\n")]
    [InlineData("#EXTM3U\n#EXTINF:4,\na.m4s\nb.m4s\n")]
    public void Malformed_playlist_throws_a_format_exception(string text)
    {
        Assert.Throws<FormatException>(() => MediaPlaylist.Parse(text));
    }
}
