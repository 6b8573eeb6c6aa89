using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Netflix.Media.Hls;

namespace Netflix.Media.Tests.Unit;

public sealed class Mp4Tests
{
    [Fact]
    public void Codecs_of_a_muxed_init_segment_are_avc_high_and_aac_lc()
    {
        var codecs = Mp4Codecs.Read(Golden.Bytes("hls/init_avc_high_aac.mp4"));

        Assert.Equal(["avc1.64000d", "mp4a.40.2"], codecs);
    }

    [Fact]
    public void Codecs_of_a_video_init_segment_are_avc_main_level_3()
    {
        Assert.Equal(["avc1.4d401e"], Mp4Codecs.Read(Golden.Bytes("hls/init_avc_main.mp4")));
    }

    [Theory]
    [InlineData("hls/init_avc_high_aac")]
    [InlineData("hls/init_avc_main")]
    public void Video_codec_string_matches_the_profile_and_level_ffprobe_reports(string name)
    {
        // ffprobe's own report for the same stream, committed next to the init segment.
        var report = Golden.Text(name + ".ffprobe.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]))
            .Single(fields => fields["codec_name"] == "h264");
        var profileIdc = report["profile"] switch
        {
            "Baseline" or "Constrained Baseline" => 66,
            "Main" => 77,
            "High" => 100,
            var other => throw new InvalidOperationException($"Unexpected profile {other}"),
        };
        var level = int.Parse(report["level"], CultureInfo.InvariantCulture);

        var codec = Mp4Codecs.Read(Golden.Bytes(name + ".mp4"))[0];

        Assert.StartsWith("avc1.", codec, StringComparison.Ordinal);
        Assert.Equal(profileIdc, Convert.ToInt32(codec[5..7], 16));
        Assert.Equal(level, Convert.ToInt32(codec[9..11], 16));
    }

    [Fact]
    public void Audio_codec_string_matches_the_aac_profile_ffprobe_reports()
    {
        var report = Golden.Text("hls/init_avc_high_aac.ffprobe.txt");

        Assert.Contains("codec_name=aac|profile=LC", report, StringComparison.Ordinal);
        Assert.Equal("mp4a.40.2", Mp4Codecs.Read(Golden.Bytes("hls/init_avc_high_aac.mp4"))[1]);
    }

    [Fact]
    public void Truncated_init_segment_yields_no_codecs_rather_than_throwing()
    {
        var init = Golden.Bytes("hls/init_avc_high_aac.mp4");

        for (var length = 0; length < init.Length; length += 7)
        {
            Assert.Empty(Mp4Codecs.Read(init.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Bytes_that_are_not_mp4_yield_no_codecs()
    {
        Assert.Empty(Mp4Codecs.Read(Encoding.ASCII.GetBytes("#EXTM3U\n#EXT-X-VERSION:7\n")));
        Assert.Empty(Mp4Codecs.Read([]));
    }

    [Fact]
    public void Sample_count_of_a_small_mp4_is_its_frame_count()
    {
        Assert.Equal(25, Mp4Boxes.SampleCount(Golden.PathOf("mp4/small_25_frames.mp4")));
    }

    [Fact]
    public void Sample_count_of_an_init_segment_is_zero()
    {
        // Fragmented MP4 keeps its samples in the fragments, not in the moov.
        Assert.Equal(0, Mp4Boxes.SampleCount(Golden.PathOf("hls/init_avc_main.mp4")));
    }

    [Fact]
    public void Sample_count_of_a_file_without_a_moov_is_null()
    {
        Assert.Null(Mp4Boxes.SampleCount(Golden.PathOf("packets/bframes.csv")));
        Assert.Null(Mp4Boxes.SampleCount(Golden.PathOf("hls/ffmpeg_vod.m3u8")));
    }

    [Fact]
    public void Moov_is_read_whole_with_its_header()
    {
        var moov = Mp4Boxes.ReadMoov(Golden.PathOf("mp4/small_25_frames.mp4"))!;

        Assert.Equal("moov", Encoding.ASCII.GetString(moov, 4, 4));
        Assert.Equal(moov.Length, BinaryPrimitives.ReadInt32BigEndian(moov));
    }

    [Fact]
    public void Top_level_boxes_of_an_init_segment_are_listed_in_order()
    {
        var init = Golden.Bytes("hls/init_avc_main.mp4");

        var boxes = Mp4Boxes.List(init, 0, init.Length);

        Assert.Equal(["ftyp", "moov"], boxes.Select(b => b.Type));
        Assert.Equal(init.Length, boxes.Sum(b => b.Length + 8));
    }

    [Fact]
    public void Find_walks_a_path_of_nested_boxes()
    {
        var init = Golden.Bytes("hls/init_avc_main.mp4");
        var moov = Mp4Boxes.List(init, 0, init.Length).Single(b => b.Type == "moov");

        var stsd = Mp4Boxes.Find(init, moov, "trak", "mdia", "minf", "stbl", "stsd");

        Assert.NotNull(stsd);
        Assert.Equal("stsd", stsd.Value.Type);
        Assert.Null(Mp4Boxes.Find(init, moov, "trak", "mdia", "nope"));
    }

    [Fact]
    public void Boxes_with_64_bit_and_to_the_end_sizes_are_listed()
    {
        var data = new List<byte>();
        data.AddRange(Box("free", [1, 2, 3]));
        data.AddRange(LargeBox("mdat", [4, 5, 6, 7]));
        data.AddRange(Header(0, "skip"));
        data.AddRange(new byte[] { 8, 9 });
        var bytes = data.ToArray();

        var boxes = Mp4Boxes.List(bytes, 0, bytes.Length);

        Assert.Equal([new Mp4Box("free", 8, 3), new Mp4Box("mdat", 27, 4), new Mp4Box("skip", 39, 2)], boxes);
    }

    [Fact]
    public void Listing_stops_at_a_box_that_claims_more_than_there_is()
    {
        var data = Box("free", [1, 2]).Concat(Header(100, "mdat")).Concat(new byte[] { 1, 2, 3 }).ToArray();

        Assert.Equal([new Mp4Box("free", 8, 2)], Mp4Boxes.List(data, 0, data.Length));
    }

    [Fact]
    public void Listing_stops_at_a_box_smaller_than_its_header()
    {
        var data = Header(4, "bad!").Concat(Box("free", [])).ToArray();

        Assert.Empty(Mp4Boxes.List(data, 0, data.Length));
    }

    [Fact]
    public void Children_of_a_missing_box_is_empty()
    {
        Assert.Empty(Mp4Boxes.Children(Box("free", [1]), "moov"));
    }

    private static byte[] Header(uint size, string type)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, size);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        return header;
    }

    private static byte[] Box(string type, byte[] payload) => [.. Header((uint)(8 + payload.Length), type), .. payload];

    private static byte[] LargeBox(string type, byte[] payload)
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)(16 + payload.Length));
        return [.. Header(1, type), .. size, .. payload];
    }
}
