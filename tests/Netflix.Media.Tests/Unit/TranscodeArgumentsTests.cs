using Netflix.Core.Media;
using Netflix.Media.Transcoding;

namespace Netflix.Media.Tests.Unit;

/// <summary>The exact ffmpeg argument lists the chunk, audio and split steps run, for hand-built plans.</summary>
public sealed class TranscodeArgumentsTests
{
    private const string Out = "/jobs/v1/work/tmp/chunk00001-x";

    private static readonly string[] Preamble = ["-hide_banner", "-nostdin", "-loglevel", "error", "-progress", "pipe:2", "-nostats"];

    private static readonly VideoRendition R1080 = new("1080p", 1920, 1080, 5000, 5350, 10000);
    private static readonly VideoRendition R720 = new("720p", 1280, 720, 2800, 2996, 5600);
    private static readonly VideoRendition R480 = new("480p", 852, 480, 1400, 1498, 2800);

    /// <summary>Chunk 1 of a 30 fps title: 12 s from 12 s, three 4 s segments.</summary>
    private static readonly ChunkSpec Chunk1 = new(1, 360, 360, 360, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile);

    [Fact]
    public void Chunk_is_encoded_into_every_rendition_in_one_run()
    {
        var plan = Plan([R1080, R720]);

        var args = ChunkTranscoder.BuildArguments("/jobs/v1/work/chunks/chunk_00001.mp4", plan, Chunk1, Out);

        Assert.Equal(
            [
                .. Preamble,
                "-threads", "1",
                "-i", "/jobs/v1/work/chunks/chunk_00001.mp4",
                "-filter_complex_threads", "1",
                "-filter_complex", "[0:v:0]trim=end_frame=360,setpts=PTS-STARTPTS,format=yuv420p[b0];[b0]split=2[v0][b1];[b1]scale=1280:720:flags=bicubic,setsar=1,null[v1]",
                .. RenditionOutput(0, R1080, "60", "0.000000,2.000000,4.000000,6.000000,8.000000,10.000000", "3.999000", "12.000000"),
                .. RenditionOutput(1, R720, "60", "0.000000,2.000000,4.000000,6.000000,8.000000,10.000000", "3.999000", "12.000000"),
            ],
            args);
    }

    [Fact]
    public void Source_seek_starts_before_the_input_corrected_for_the_container_start()
    {
        var plan = Plan([R720]) with
        {
            Source = Plan([R720]).Source with
            {
                Video = Plan([R720]).Source.Video with { StreamIndex = 2 },
                ContainerStart = TimeSpan.FromSeconds(1.4),
                VideoStart = TimeSpan.FromSeconds(1.5),
            },
        };
        var chunk = Chunk1 with { Input = ChunkInput.SourceSeek, FirstPacket = 358 };

        var args = ChunkTranscoder.BuildArguments("/media/uploads/source.mov", plan, chunk, Out);

        Assert.Equal(
            [.. Preamble, "-threads", "1", "-ss", "12.100000", "-i", "/media/uploads/source.mov", "-filter_complex_threads", "1", "-filter_complex"],
            args.Take(Preamble.Length + 9));
        Assert.StartsWith("[0:2]trim=end_frame=360,", args[Preamble.Length + 9], StringComparison.Ordinal);
    }

    [Fact]
    public void Source_seek_of_the_first_chunk_needs_no_seek()
    {
        var chunk = Chunk1 with { Index = 0, FirstPacket = 0, FirstFrame = 0, Start = TimeSpan.Zero, Input = ChunkInput.SourceSeek };

        var args = ChunkTranscoder.BuildArguments("/media/source.mp4", Plan([R720]), chunk, Out);

        Assert.DoesNotContain("-ss", args);
        Assert.Contains("[0:0]trim=end_frame=360,setpts=PTS-STARTPTS,format=yuv420p[b0];[b0]scale=1280:720:flags=bicubic,setsar=1,null[v0]", args);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_rendition_keeps_the_source_clock(bool variableFrameRate)
    {
        // A 1/frame-rate clock would round jittered or irregular frame times; the source's clock keeps them.
        var plan = Plan([R1080, R720]) with { Source = Plan([R1080, R720]).Source with { IsVariableFrameRate = variableFrameRate } };

        var args = ChunkTranscoder.BuildArguments("/c/chunk_00001.mp4", plan, Chunk1, Out);

        var timeBases = args.Select((a, i) => (a, i)).Where(p => p.a == "-enc_time_base:v").Select(p => p.i).ToList();
        Assert.Equal(2, timeBases.Count);
        Assert.All(timeBases, i =>
        {
            Assert.Equal("-1", args[i + 1]);
            Assert.Equal("-f", args[i + 2]);
        });
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public void Variable_rate_sources_are_encoded_without_b_frames_in_every_rendition(bool variableFrameRate, int expected)
    {
        // Reordering delays decode times by frames, a different time in each chunk of a variable-rate source.
        var plan = Plan([R1080, R720]) with { Source = Plan([R1080, R720]).Source with { IsVariableFrameRate = variableFrameRate } };

        var args = ChunkTranscoder.BuildArguments("/c/chunk_00001.mp4", plan, Chunk1, Out);

        var bFrames = args.Select((a, i) => (a, i)).Where(p => p.a == "-bf").ToList();
        Assert.Equal(expected, bFrames.Count);
        Assert.All(bFrames, p => Assert.Equal("0", args[p.i + 1]));
    }

    [Fact]
    public void Interlaced_source_is_deinterlaced_first()
    {
        var plan = Plan([R720]) with { Source = Plan([R720]).Source with { Video = Plan([R720]).Source.Video with { IsInterlaced = true } } };

        Assert.Equal(
            "[0:v:0]trim=end_frame=360,setpts=PTS-STARTPTS,bwdif=mode=send_frame,format=yuv420p[b0];[b0]scale=1280:720:flags=bicubic,setsar=1,null[v0]",
            ChunkTranscoder.FilterGraph("0:v:0", plan, Chunk1));
    }

    [Fact]
    public void Cascade_scales_each_rung_from_the_one_above()
    {
        Assert.Equal(
            "format=yuv420p[b0];[b0]split=2[v0][b1];[b1]scale=1280:720:flags=bicubic,setsar=1,split=2[v1][b2];[b2]scale=852:480:flags=bicubic,setsar=1,null[v2]",
            ChunkTranscoder.LadderGraph(Plan([R1080, R720, R480])));
    }

    [Fact]
    public void Rung_at_source_size_is_not_scaled()
    {
        Assert.Equal("format=yuv420p[b0];[b0]null[v0]", ChunkTranscoder.LadderGraph(Plan([R1080])));
    }

    [Fact]
    public void Anamorphic_top_rung_is_scaled_to_square_pixels_even_at_display_size()
    {
        var source = Sources.Video(720, 576, sampleAspectRatio: new Rational(64, 45));
        var plan = Plan([new VideoRendition("576p", 1024, 576, 2000, 2140, 4000), new VideoRendition("360p", 640, 360, 800, 856, 1600)]) with { Source = source };

        Assert.Equal(
            "format=yuv420p[b0];[b0]scale=1024:576:flags=bicubic,setsar=1,split=2[v0][b1];[b1]scale=640:360:flags=bicubic,setsar=1,null[v1]",
            ChunkTranscoder.LadderGraph(plan));
    }

    [Fact]
    public void Rotated_source_cascade_starts_from_the_upright_size()
    {
        // ffmpeg turns the picture upright before the graph, so a portrait top rung at display size needs no scale.
        var plan = Plan([new VideoRendition("1080p", 1080, 1920, 5000, 5350, 10000), new VideoRendition("720p", 720, 1280, 2800, 2996, 5600)]) with
        {
            Source = Sources.Video(1920, 1080, rotation: 90),
        };

        Assert.Equal(
            "format=yuv420p[b0];[b0]split=2[v0][b1];[b1]scale=720:1280:flags=bicubic,setsar=1,null[v1]",
            ChunkTranscoder.LadderGraph(plan));
    }

    [Fact]
    public void Keyframes_are_forced_at_every_keyframe_interval_of_the_chunk()
    {
        var plan = Plan([R720]) with { Encoding = new VideoEncoding { KeyframesPerSegment = 1 } };
        var chunk = Chunk1 with { Duration = TimeSpan.FromSeconds(12.5) };

        var args = ChunkTranscoder.BuildArguments("/c/chunk_00001.mp4", plan, chunk, Out);

        // 12.5 s over three segments: a keyframe at the start of each 4.166667 s segment, and a GOP to match.
        Assert.Equal("0.000000,4.166667,8.333333", Value(args, "-force_key_frames"));
        Assert.Equal("125", Value(args, "-g"));
        Assert.Equal("4.165667", Value(args, "-hls_time"));
    }

    [Fact]
    public void Output_timestamps_start_at_the_chunk_start_on_the_source_clock()
    {
        var chunk = Chunk1 with { Start = TimeSpan.FromSeconds(36.5) };

        var args = ChunkTranscoder.BuildArguments("/c/chunk_00003.mp4", Plan([R720]), chunk, Out);

        Assert.Equal("36.500000", Value(args, "-output_ts_offset"));
        Assert.Equal("disabled", Value(args, "-avoid_negative_ts"));
    }

    [Fact]
    public void Automatic_threads_add_no_thread_options()
    {
        var plan = Plan([R1080, R720]) with { Encoding = new VideoEncoding { Threads = 0 } };

        var args = ChunkTranscoder.BuildArguments("/c/chunk_00001.mp4", plan, Chunk1, Out);

        Assert.DoesNotContain("-threads", args);
        Assert.DoesNotContain("-filter_complex_threads", args);
    }

    [Fact]
    public void Relative_chunk_paths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ChunkTranscoder.BuildArguments("chunk_00001.mp4", Plan([R720]), Chunk1, Out));
        Assert.Throws<ArgumentException>(() => ChunkTranscoder.BuildArguments("/c/chunk_00001.mp4", Plan([R720]), Chunk1, "tmp"));
    }

    [Fact]
    public void Audio_is_encoded_once_on_the_video_clock()
    {
        var args = AudioEncoder.BuildArguments("/media/source.mp4", Plan([R720]), "/jobs/v1/work/tmp/audio-x");

        Assert.Equal(
            [
                .. Preamble,
                "-threads", "1",
                "-i", "/media/source.mp4",
                "-map", "0:1",
                "-af", "aresample=async=1:first_pts=0,apad=whole_dur=24.000000,atrim=end=24.000000",
                "-c:a", "aac",
                "-b:a", "128k",
                "-ac", "2",
                "-ar", "48000",
                "-f", "hls",
                "-hls_time", "4.000000",
                "-hls_playlist_type", "vod",
                "-hls_segment_type", "fmp4",
                "-avoid_negative_ts", "disabled",
                "-hls_fmp4_init_filename", "init.mp4",
                "-hls_segment_filename", "/jobs/v1/work/tmp/audio-x/seg_%05d.m4s",
                "/jobs/v1/work/tmp/audio-x/encoded.m3u8",
            ],
            args);
    }

    [Fact]
    public void Audio_is_shifted_so_zero_is_the_first_video_frame()
    {
        var plan = Plan([R720]) with { Source = Plan([R720]).Source with { ContainerStart = TimeSpan.FromSeconds(1), VideoStart = TimeSpan.FromSeconds(1.2) } };

        var args = AudioEncoder.BuildArguments("/media/source.ts", plan, "/out");

        Assert.Equal([.. Preamble, "-threads", "1", "-itsoffset", "-0.200000", "-i", "/media/source.ts"], args.Take(Preamble.Length + 6));
    }

    [Fact]
    public void Audio_follows_the_plan_rendition()
    {
        var plan = Plan([R720]) with
        {
            Ladder = new Ladder([R720], new AudioRendition("audio", 96, 1, 44_100)),
            Source = Plan([R720]).Source with { Audio = Plan([R720]).Source.Audio! with { StreamIndex = 3 } },
        };

        var args = AudioEncoder.BuildArguments("/media/source.mkv", plan, "/out");

        Assert.Equal("0:3", Value(args, "-map"));
        Assert.Equal("96k", Value(args, "-b:a"));
        Assert.Equal("1", Value(args, "-ac"));
        Assert.Equal("44100", Value(args, "-ar"));
    }

    [Fact]
    public void Stream_copy_split_cuts_at_keyframe_packets()
    {
        var chunks = new ChunkPlan(SplitMode.StreamCopy,
        [
            new ChunkSpec(0, 0, 0, 360, TimeSpan.Zero, TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile),
            new ChunkSpec(1, 358, 360, 360, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), 3, ChunkInput.SourceSeek),
            new ChunkSpec(2, 720, 720, 480, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(16), 4, ChunkInput.SplitFile),
        ]);

        var args = SourceSplitter.BuildArguments("/media/source.mp4", Plan([R720]), chunks, "/jobs/v1/work/tmp/split-x", 12);

        Assert.Equal(
            [
                .. Preamble,
                "-i", "/media/source.mp4",
                "-map", "0:0",
                "-c", "copy",
                "-f", "segment",
                "-segment_format", "mp4",
                "-segment_frames", "358,720",
                "-reset_timestamps", "1",
                "/jobs/v1/work/tmp/split-x/chunk_%05d.mp4",
            ],
            args);
    }

    [Fact]
    public void Single_chunk_is_copied_into_one_file()
    {
        var chunks = new ChunkPlan(SplitMode.StreamCopy, [new ChunkSpec(0, 0, 0, 75, TimeSpan.Zero, TimeSpan.FromSeconds(2.5), 1, ChunkInput.SplitFile)]);

        var args = SourceSplitter.BuildArguments("/media/clip.mp4", Plan([R720]), chunks, "/out", 12);

        Assert.Equal([.. Preamble, "-i", "/media/clip.mp4", "-map", "0:0", "-c", "copy", "-f", "mp4", "/out/chunk_00000.mp4"], args);
    }

    [Fact]
    public void Re_encode_split_forces_keyframes_where_the_chunks_start()
    {
        var chunks = new ChunkPlan(SplitMode.Reencode,
        [
            new ChunkSpec(0, 0, 0, 360, TimeSpan.Zero, TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile),
            new ChunkSpec(1, 360, 360, 360, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile),
            new ChunkSpec(2, 720, 720, 360, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(12), 3, ChunkInput.SplitFile),
        ]);
        var plan = Plan([R720]) with { Source = Plan([R720]).Source with { Video = Plan([R720]).Source.Video with { StreamIndex = 1 } } };

        var args = SourceSplitter.BuildArguments("/media/source.mp4", plan, chunks, "/out", 18);

        Assert.Equal(
            [
                .. Preamble,
                "-i", "/media/source.mp4",
                "-map", "0:1",
                "-c:v", "libx264",
                "-preset", "veryfast",
                "-crf", "18",
                "-g", "1000000",
                "-sc_threshold", "0",
                "-fps_mode", "passthrough",
                "-force_key_frames", "12.000000,24.000000",
                "-f", "segment",
                "-segment_format", "mp4",
                "-segment_times", "12.000000,24.000000",
                "-reset_timestamps", "1",
                "/out/chunk_%05d.mp4",
            ],
            args);
    }

    [Fact]
    public void Re_encode_of_a_single_chunk_writes_one_file()
    {
        var chunks = new ChunkPlan(SplitMode.Reencode, [new ChunkSpec(0, 0, 0, 300, TimeSpan.Zero, TimeSpan.FromSeconds(10), 3, ChunkInput.SplitFile)]);

        var args = SourceSplitter.BuildArguments("/media/source.mp4", Plan([R720]), chunks, "/out", 12);

        Assert.DoesNotContain("-force_key_frames", args);
        Assert.Equal(["-f", "mp4", "/out/chunk_00000.mp4"], args.TakeLast(3));
    }

    private static TranscodePlan Plan(IReadOnlyList<VideoRendition> video) => new()
    {
        Source = Sources.Video(1920, 1080),
        Ladder = new Ladder(video, new AudioRendition("audio", 128, 2, 48_000)),
        Encoding = new VideoEncoding(),
        TargetSegmentDuration = TimeSpan.FromSeconds(4),
    };

    private static string[] RenditionOutput(int index, VideoRendition r, string gop, string keyframes, string hlsTime, string offset) =>
    [
        "-map", $"[v{index}]",
        "-c:v", "libx264",
        "-preset", "veryfast",
        "-profile:v", "high",
        "-b:v", $"{r.BitrateKbps}k",
        "-maxrate", $"{r.MaxRateKbps}k",
        "-bufsize", $"{r.BufferKbits}k",
        "-g", gop,
        "-sc_threshold", "0",
        "-force_key_frames", keyframes,
        "-fps_mode", "passthrough",
        "-threads", "1",
        "-enc_time_base:v", "-1",
        "-f", "hls",
        "-hls_time", hlsTime,
        "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments",
        "-hls_segment_options", "movflags=+frag_discont",
        "-output_ts_offset", offset,
        "-avoid_negative_ts", "disabled",
        "-hls_fmp4_init_filename", "init_c00001.mp4",
        "-hls_segment_filename", $"{Out}/{r.Name}/c00001_%03d.m4s",
        $"{Out}/{r.Name}/c00001.m3u8",
    ];

    /// <summary>The value after the first occurrence of <paramref name="option"/>.</summary>
    private static string Value(IReadOnlyList<string> args, string option)
    {
        var index = args.ToList().IndexOf(option);
        Assert.True(index >= 0 && index + 1 < args.Count, $"{option} is missing");
        return args[index + 1];
    }
}
