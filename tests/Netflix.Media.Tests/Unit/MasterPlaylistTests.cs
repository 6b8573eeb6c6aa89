using Netflix.Media.Hls;

namespace Netflix.Media.Tests.Unit;

public sealed class MasterPlaylistTests
{
    private static readonly MasterPlaylist Sample = new(
        [
            new VariantStream("1080p/index.m3u8", 5_600_000, 4_900_000, "avc1.640028,mp4a.40.2", 1920, 1080, 30, "audio"),
            new VariantStream("720p/index.m3u8", 3_100_000, 2_700_000, "avc1.64001f,mp4a.40.2", 1280, 720, 29.97, "audio"),
        ],
        [new AudioMedia("audio", "Main", "audio/index.m3u8", "eng", 2, IsDefault: true)]);

    [Fact]
    public void Write_produces_the_multivariant_playlist()
    {
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Main\",LANGUAGE=\"eng\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8\"\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=5600000,AVERAGE-BANDWIDTH=4900000,CODECS=\"avc1.640028,mp4a.40.2\",RESOLUTION=1920x1080,FRAME-RATE=30.000,AUDIO=\"audio\"\n" +
            "1080p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2700000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO=\"audio\"\n" +
            "720p/index.m3u8\n",
            Sample.Write());
    }

    [Fact]
    public void Written_playlist_reads_back_the_same()
    {
        var back = MasterPlaylist.Parse(Sample.Write());

        Assert.Equal(Sample.Variants, back.Variants);
        Assert.Equal(Sample.Audio, back.Audio);
    }

    [Fact]
    public void Silent_title_has_no_audio_group()
    {
        var master = new MasterPlaylist([new VariantStream("360p/index.m3u8", 900_000, 800_000, "avc1.64001e", 640, 360, 25, null)], []);

        var text = master.Write();
        var back = MasterPlaylist.Parse(text);

        Assert.DoesNotContain("EXT-X-MEDIA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AUDIO=", text, StringComparison.Ordinal);
        Assert.Null(Assert.Single(back.Variants).AudioGroup);
        Assert.Empty(back.Audio);
    }

    [Fact]
    public void Audio_without_a_language_omits_the_attribute()
    {
        var master = Sample with { Audio = [new AudioMedia("audio", "Main", "audio/index.m3u8", null, 6, IsDefault: false)] };

        var text = master.Write();

        Assert.DoesNotContain("LANGUAGE", text, StringComparison.Ordinal);
        Assert.Equal(master.Audio, MasterPlaylist.Parse(text).Audio);
    }

    [Fact]
    public void Parse_reads_a_hand_written_playlist_with_unknown_tags()
    {
        const string Text = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="subs/en.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.42e01e,mp4a.40.2"
            low/index.m3u8
            """;

        var master = MasterPlaylist.Parse(Text);

        Assert.Empty(master.Audio);
        Assert.Equal(new VariantStream("low/index.m3u8", 800_000, 0, "avc1.42e01e,mp4a.40.2", 640, 360, 0, null), Assert.Single(master.Variants));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#EXT-X-VERSION:7\n")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nlow.m3u8\n")]
    public void Malformed_master_playlist_throws_a_format_exception(string text)
    {
        Assert.Throws<FormatException>(() => MasterPlaylist.Parse(text));
    }

    [Fact]
    public void Attribute_list_keeps_commas_inside_quotes()
    {
        var attributes = AttributeList.Parse("BANDWIDTH=5600000,CODECS=\"avc1.640028,mp4a.40.2\",RESOLUTION=1920x1080,AUDIO=\"audio\"");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["BANDWIDTH"] = "5600000",
                ["CODECS"] = "avc1.640028,mp4a.40.2",
                ["RESOLUTION"] = "1920x1080",
                ["AUDIO"] = "audio",
            },
            attributes);
    }

    [Fact]
    public void Attribute_list_keeps_equals_signs_inside_quotes()
    {
        var attributes = AttributeList.Parse("URI=\"init.mp4?token=a=b\",BYTERANGE=\"720@0\"");

        Assert.Equal("init.mp4?token=a=b", attributes["URI"]);
        Assert.Equal("720@0", attributes["BYTERANGE"]);
    }

    [Fact]
    public void Attribute_list_reads_empty_and_last_values()
    {
        var attributes = AttributeList.Parse("NAME=\"\",DEFAULT=NO");

        Assert.Equal(string.Empty, attributes["NAME"]);
        Assert.Equal("NO", attributes["DEFAULT"]);
        Assert.Empty(AttributeList.Parse(string.Empty));
    }

    [Fact]
    public void Attribute_list_with_an_unterminated_quote_throws()
    {
        Assert.Throws<FormatException>(() => AttributeList.Parse("URI=\"init.mp4,BANDWIDTH=1"));
    }
}
