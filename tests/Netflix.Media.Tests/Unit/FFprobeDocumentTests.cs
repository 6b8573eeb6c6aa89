using System.Text.Json;
using Netflix.Core.Media;
using Netflix.Media.Probing;

namespace Netflix.Media.Tests.Unit;

public sealed class FFprobeDocumentTests
{
    [Fact]
    public void Normal_file_has_its_format_and_both_streams()
    {
        var document = FFprobeDocument.Parse(Golden.Text("probe/normal.json"));

        Assert.Null(document.ErrorMessage);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", document.FormatName);
        Assert.Equal(TimeSpan.FromSeconds(2), document.Duration);
        Assert.Equal(TimeSpan.Zero, document.StartTime);
        Assert.Equal(97326, document.Size);
        Assert.Equal(389304, document.BitRate);
        Assert.Equal(["video", "audio"], document.Streams.Select(s => s.CodecType));

        var video = document.Streams[0];
        Assert.Equal(0, video.Index);
        Assert.Equal("h264", video.CodecName);
        Assert.Equal("High", video.Profile);
        Assert.Equal((320, 180), (video.Width, video.Height));
        Assert.Equal(new Rational(1, 1), video.SampleAspectRatio);
        Assert.Equal(new Rational(30, 1), video.FrameRate);
        Assert.Equal(new Rational(30, 1), video.AverageFrameRate);
        Assert.Equal(new Rational(1, 15360), video.TimeBase);
        Assert.Equal("yuv420p", video.PixelFormat);
        Assert.Equal("progressive", video.FieldOrder);
        Assert.False(video.IsInterlaced);
        Assert.Equal(0, video.Rotation);
        Assert.Equal(245552, video.BitRate);
        Assert.Equal(TimeSpan.Zero, video.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(2), video.Duration);
        Assert.True(video.IsDefault);
        Assert.False(video.IsAttachedPicture);

        var audio = document.Streams[1];
        Assert.Equal(1, audio.Index);
        Assert.Equal("aac", audio.CodecName);
        Assert.Equal(2, audio.Channels);
        Assert.Equal("stereo", audio.ChannelLayout);
        Assert.Equal(48_000, audio.SampleRate);
        Assert.Equal("eng", audio.Language);
        Assert.Equal(Rational.Zero, audio.FrameRate);
        Assert.True(audio.IsDefault);
    }

    [Fact]
    public void Display_matrix_rotation_is_read_as_clockwise_degrees()
    {
        var video = FFprobeDocument.Parse(Golden.Text("probe/rotated.json")).Streams[0];

        // ffprobe reports the display matrix counter-clockwise ("rotation": 90), so the picture turns 270° clockwise.
        Assert.Equal(270, video.Rotation);
        Assert.Equal((320, 180), (video.Width, video.Height));
    }

    [Theory]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": -90 }]", 90)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": 90 }]", 270)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": 180 }]", 180)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": -180 }]", 180)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": -270 }]", 270)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": -89.98 }]", 90)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Display Matrix\", \"rotation\": 0 }]", 0)]
    [InlineData("\"tags\": { \"rotate\": \"90\" }", 90)]
    [InlineData("\"tags\": { \"rotate\": \"-90\" }", 270)]
    [InlineData("\"tags\": { \"rotate\": \"450\" }", 90)]
    [InlineData("\"tags\": { \"rotate\": \"sideways\" }", 0)]
    [InlineData("\"tags\": { \"rotate\": \"90\" }, \"side_data_list\": [{ \"rotation\": 180 }]", 180)]
    [InlineData("\"side_data_list\": [{ \"side_data_type\": \"Mastering display metadata\" }]", 0)]
    public void Rotation_is_normalised_to_a_quarter_turn(string extra, int expected)
    {
        var json = $$"""{ "streams": [{ "index": 0, "codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080, {{extra}} }], "format": {} }""";

        Assert.Equal(expected, FFprobeDocument.Parse(json).Streams[0].Rotation);
    }

    [Fact]
    public void Interlaced_anamorphic_file_reports_field_order_and_aspect_ratio()
    {
        var video = FFprobeDocument.Parse(Golden.Text("probe/interlaced_anamorphic.json")).Streams[0];

        Assert.Equal("tt", video.FieldOrder);
        Assert.True(video.IsInterlaced);
        Assert.Equal(new Rational(4, 3), video.SampleAspectRatio);
        Assert.Equal(new Rational(25, 1), video.FrameRate);
        Assert.Equal(new Rational(1, 12800), video.TimeBase);
    }

    [Theory]
    [InlineData("tt", true)]
    [InlineData("bb", true)]
    [InlineData("tb", true)]
    [InlineData("bt", true)]
    [InlineData("progressive", false)]
    [InlineData("unknown", false)]
    [InlineData(null, false)]
    public void Interlacing_follows_the_field_order(string? fieldOrder, bool interlaced)
    {
        Assert.Equal(interlaced, new ProbedStream { FieldOrder = fieldOrder }.IsInterlaced);
    }

    [Fact]
    public void Error_output_for_a_non_media_file_becomes_the_error_message()
    {
        var document = FFprobeDocument.Parse(Golden.Text("probe/not_media.json"));

        Assert.Equal("Invalid data found when processing input", document.ErrorMessage);
        Assert.Empty(document.Streams);
    }

    [Fact]
    public void Error_without_a_message_is_an_unknown_error()
    {
        Assert.Equal("unknown error", FFprobeDocument.Parse("""{ "error": { "code": -5 } }""").ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void No_output_is_an_error(string output)
    {
        Assert.Equal("ffprobe produced no output", FFprobeDocument.Parse(output).ErrorMessage);
    }

    [Fact]
    public void Output_that_is_not_json_throws_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => FFprobeDocument.Parse("[mov,mp4 @ 0x55] moov atom not found"));
    }

    [Fact]
    public void Audio_only_file_has_one_audio_stream()
    {
        var document = FFprobeDocument.Parse(Golden.Text("probe/audio_only.json"));

        var audio = Assert.Single(document.Streams);
        Assert.Equal(("audio", "aac", 1, "mono", 44_100), (audio.CodecType, audio.CodecName, audio.Channels, audio.ChannelLayout, audio.SampleRate));
        Assert.Equal("und", audio.Language);
        Assert.DoesNotContain(document.Streams, s => s.CodecType == "video");
    }

    [Fact]
    public void Cover_art_is_an_attached_picture_not_a_video()
    {
        var document = FFprobeDocument.Parse(Golden.Text("probe/cover_art.json"));

        Assert.Equal("mp3", document.FormatName);
        Assert.Equal(TimeSpan.FromSeconds(0.025056), document.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(2.037551), document.Duration);
        var cover = Assert.Single(document.Streams, s => s.CodecType == "video");
        Assert.Equal(("png", 64, 64), (cover.CodecName, cover.Width, cover.Height));
        Assert.True(cover.IsAttachedPicture);
        Assert.False(cover.IsDefault);
        var audio = Assert.Single(document.Streams, s => s.CodecType == "audio");
        Assert.False(audio.IsAttachedPicture);
        Assert.Equal(TimeSpan.FromSeconds(0.025057), audio.StartTime);
        Assert.Null(audio.Language);
    }

    [Fact]
    public void Missing_or_unreadable_fields_take_defaults()
    {
        const string Json = """
            {
              "streams": [{ "codec_type": "video", "width": "wide", "r_frame_rate": "0/0", "duration": "N/A", "bit_rate": "N/A" }],
              "format": { "duration": "N/A", "size": "12", "start_time": "-0.5" }
            }
            """;

        var document = FFprobeDocument.Parse(Json);

        Assert.Null(document.Duration);
        Assert.Equal(12, document.Size);
        Assert.Equal(TimeSpan.FromSeconds(-0.5), document.StartTime);
        Assert.Equal(string.Empty, document.FormatName);
        var stream = Assert.Single(document.Streams);
        Assert.Equal((0, 0, string.Empty), (stream.Index, stream.Width, stream.CodecName));
        Assert.Equal(Rational.Zero, stream.FrameRate);
        Assert.Null(stream.Duration);
        Assert.Null(stream.BitRate);
    }

    [Fact]
    public void Document_without_format_or_streams_is_empty_not_an_error()
    {
        var document = FFprobeDocument.Parse("{}");

        Assert.Null(document.ErrorMessage);
        Assert.Empty(document.Streams);
        Assert.Equal(TimeSpan.Zero, document.StartTime);
    }
}
