using System.Globalization;
using System.Text;
using Netflix.Core.Media;
using Netflix.Media.Hls;
using Netflix.Media.Tools;

namespace Netflix.Media.Transcoding;

/// <summary>
/// Transcodes one chunk into every rendition with a single ffmpeg run: the chunk is decoded once, split and
/// scaled per rung, and each rung is written as fMP4 HLS segments on the title's timeline, so chunks join
/// without a gap or an overlap.
/// </summary>
public sealed class ChunkTranscoder(IMediaToolRunner runner)
{
    public async Task<ChunkResult> TranscodeAsync(
        string sourcePath,
        JobLayout layout,
        TranscodePlan plan,
        ChunkSpec chunk,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        if (TryReadExisting(layout, plan, chunk) is { } done)
        {
            return done;
        }

        using var scratch = Scratch.Create(layout, string.Create(CultureInfo.InvariantCulture, $"chunk{chunk.Index:D5}"));
        var temp = scratch.Path;
        foreach (var rendition in plan.Ladder.Video)
        {
            Directory.CreateDirectory(Path.Combine(temp, rendition.Name));
        }

        var input = chunk.Input == ChunkInput.SplitFile ? layout.ChunkFile(chunk.Index) : Path.GetFullPath(sourcePath);
        var arguments = BuildArguments(input, plan, chunk, temp);
        var errors = new ErrorLines();
        await runner.RunAsync(
            arguments,
            line =>
            {
                Report(line, chunk, progress);
                errors.Add(line);
            },
            cancellationToken);

        // A seek into an open GOP makes the decoder complain about the frames it then drops; elsewhere a
        // decoding error means the source itself is damaged.
        if (chunk.Input == ChunkInput.SplitFile && errors.First is { } error)
        {
            throw new MediaProcessingException(new MediaFailure(
                MediaFailureCode.Damaged,
                string.Create(CultureInfo.InvariantCulture, $"The source is damaged between {chunk.Start.TotalSeconds:0.0} s and {(chunk.Start + chunk.Duration).TotalSeconds:0.0} s ({error}).")));
        }

        var segmentsPerRendition = CheckAligned(plan, chunk, temp);
        long bytes = 0;
        foreach (var rendition in plan.Ladder.Video)
        {
            bytes += Scratch.Publish(
                Path.Combine(temp, rendition.Name),
                layout.RenditionDirectory(rendition.Name),
                JobLayout.ChunkPlaylistName(chunk.Index),
                file => file.EndsWith(".m4s", StringComparison.Ordinal));
        }

        progress?.Report(1);
        return new ChunkResult(chunk.Index, segmentsPerRendition, bytes);
    }

    internal static IReadOnlyList<string> BuildArguments(string input, TranscodePlan plan, ChunkSpec chunk, string outputDirectory)
    {
        var encoding = plan.Encoding;
        var source = plan.Source;
        var args = new FFmpegArguments().Threads(encoding.Threads);
        string streamLabel;
        if (chunk.Input == ChunkInput.SourceSeek)
        {
            // -ss counts from the container's start; chunk times count from the first video frame.
            args.Input(input, chunk.Start + (source.VideoStart - source.ContainerStart));
            streamLabel = $"0:{source.Video.StreamIndex.ToString(CultureInfo.InvariantCulture)}";
        }
        else
        {
            args.Input(input);
            streamLabel = "0:v:0";
        }

        if (encoding.Threads > 0)
        {
            args.Add("-filter_complex_threads", encoding.Threads);
        }

        args.Add("-filter_complex", FilterGraph(streamLabel, plan, chunk));

        var segment = chunk.SegmentDuration;
        var keyframeInterval = segment / encoding.KeyframesPerSegment;
        var gopFrames = Math.Max(1, (int)Math.Round(keyframeInterval.TotalSeconds * source.AverageFrameRate));
        var forcedKeyframes = string.Join(
            ',',
            Enumerable.Range(0, chunk.SegmentCount * encoding.KeyframesPerSegment).Select(i => FFmpegArguments.Seconds(keyframeInterval * i)));

        // The HLS muxer cuts at the first keyframe at or after each multiple of hls_time; a hair under the segment
        // length makes it cut at the forced keyframe even when frame times round down.
        var hlsTime = segment - TimeSpan.FromMilliseconds(1);

        for (var i = 0; i < plan.Ladder.Video.Count; i++)
        {
            var rendition = plan.Ladder.Video[i];
            var directory = Path.Combine(outputDirectory, rendition.Name);
            args.Add("-map", $"[v{i}]")
                .Add("-c:v", "libx264")
                .Add("-preset", encoding.Preset)
                .Add("-profile:v", encoding.Profile)
                .Add("-b:v", $"{rendition.BitrateKbps}k")
                .Add("-maxrate", $"{rendition.MaxRateKbps}k")
                .Add("-bufsize", $"{rendition.BufferKbits}k")
                .Add("-g", gopFrames)
                .Add("-sc_threshold", 0)
                .Add("-force_key_frames", forcedKeyframes)
                .Add("-fps_mode", "passthrough")
                // B-frames delay decode times by a number of frames, which is a different time in each chunk of a
                // variable-rate source; the next chunk's decode times would then overlap this one's and the player
                // would shift it. Without B-frames decode time is display time.
                .AddIf(source.IsVariableFrameRate, "-bf", 0)
                .Threads(encoding.Threads)
                // Keep the source's clock: a 1/frame-rate clock would round irregular or jittered frame times.
                .Add("-enc_time_base:v", "-1")
                .Add("-f", "hls")
                .Add("-hls_time", hlsTime)
                .Add("-hls_playlist_type", "vod")
                .Add("-hls_segment_type", "fmp4")
                .Add("-hls_flags", "independent_segments")
                // Fragments carry their own absolute decode times, so the offset reaches the segments.
                .Add("-hls_segment_options", "movflags=+frag_discont")
                .Add("-output_ts_offset", chunk.Start)
                // Every frame at its source time, the first at zero: the B-frame delay puts the first decode times
                // below zero, which the init segment's edit list takes back, instead of moving the chunk later.
                .Add("-avoid_negative_ts", "disabled")
                .Add("-hls_fmp4_init_filename", JobLayout.ChunkInitName(chunk.Index))
                .Add("-hls_segment_filename", Path.Combine(directory, JobLayout.ChunkSegmentPattern(chunk.Index)))
                .Output(Path.Combine(directory, JobLayout.ChunkPlaylistName(chunk.Index)));
        }

        return args.Build();
    }

    /// <summary>
    /// Trim to the chunk's frames, restart its clock at zero, deinterlace if needed, then a cascade: each rung is
    /// scaled from the rung above it, which reads and filters far fewer pixels than scaling every rung from the
    /// source. ffmpeg applies the source's rotation before the graph.
    /// </summary>
    internal static string FilterGraph(string streamLabel, TranscodePlan plan, ChunkSpec chunk)
        => string.Create(CultureInfo.InvariantCulture, $"[{streamLabel}]trim=end_frame={chunk.FrameCount},setpts=PTS-STARTPTS,") + LadderGraph(plan);

    /// <summary>The ladder part of the graph, from the normalised source to one output label per rung ([v0], [v1], …).</summary>
    internal static string LadderGraph(TranscodePlan plan)
    {
        var graph = new StringBuilder();
        if (plan.Source.Video.IsInterlaced)
        {
            graph.Append("bwdif=mode=send_frame,");
        }

        graph.Append("format=yuv420p[b0]");
        var renditions = plan.Ladder.Video;
        var (width, height) = plan.Source.Video.DisplaySize;
        var squarePixels = plan.Source.Video.SampleAspectRatio.Numerator == plan.Source.Video.SampleAspectRatio.Denominator;
        for (var i = 0; i < renditions.Count; i++)
        {
            var r = renditions[i];
            graph.Append(CultureInfo.InvariantCulture, $";[b{i}]");
            var scaled = r.Width != width || r.Height != height || (i == 0 && !squarePixels);
            if (scaled)
            {
                graph.Append(CultureInfo.InvariantCulture, $"scale={r.Width}:{r.Height}:flags=bicubic,setsar=1,");
                (width, height) = (r.Width, r.Height);
            }

            graph.Append(i + 1 < renditions.Count
                ? string.Create(CultureInfo.InvariantCulture, $"split=2[v{i}][b{i + 1}]")
                : string.Create(CultureInfo.InvariantCulture, $"null[v{i}]"));
        }

        return graph.ToString();
    }

    private static void Report(string line, ChunkSpec chunk, IProgress<double>? progress)
    {
        if (progress is not null && ProgressReport.TryReadOutTime(line) is { } position && chunk.Duration > TimeSpan.Zero)
        {
            progress.Report(Math.Clamp(position / chunk.Duration, 0, 1));
        }
    }

    /// <summary>Every rendition must have the same segment boundaries, or a player switching rungs would jump.</summary>
    private static int CheckAligned(TranscodePlan plan, ChunkSpec chunk, string temp)
    {
        IReadOnlyList<MediaSegment>? reference = null;
        foreach (var rendition in plan.Ladder.Video)
        {
            var playlistPath = Path.Combine(temp, rendition.Name, JobLayout.ChunkPlaylistName(chunk.Index));
            if (!File.Exists(playlistPath))
            {
                throw Failure(chunk, $"ffmpeg wrote no playlist for {rendition.Name}");
            }

            var segments = MediaPlaylist.Parse(File.ReadAllText(playlistPath)).Segments;
            if (segments.Count == 0)
            {
                throw Failure(chunk, $"{rendition.Name} has no segments");
            }

            if (reference is null)
            {
                reference = segments;
                continue;
            }

            if (segments.Count != reference.Count
                || segments.Zip(reference).Any(pair => (pair.First.Duration - pair.Second.Duration).Duration() > TimeSpan.FromMilliseconds(2)))
            {
                throw Failure(chunk, $"segments of {rendition.Name} do not line up with {plan.Ladder.Video[0].Name}");
            }
        }

        return reference?.Count ?? 0;
    }

    private static MediaProcessingException Failure(ChunkSpec chunk, string detail)
        => new(new MediaFailure(MediaFailureCode.ProcessingFailed, string.Create(CultureInfo.InvariantCulture, $"Chunk {chunk.Index}: {detail}.")));

    private static ChunkResult? TryReadExisting(JobLayout layout, TranscodePlan plan, ChunkSpec chunk)
    {
        var playlists = plan.Ladder.Video.Select(r => Path.Combine(layout.RenditionDirectory(r.Name), JobLayout.ChunkPlaylistName(chunk.Index))).ToList();
        if (!playlists.All(File.Exists))
        {
            return null;
        }

        long bytes = 0;
        var segments = 0;
        foreach (var path in playlists)
        {
            var playlist = MediaPlaylist.Parse(File.ReadAllText(path));
            var directory = Path.GetDirectoryName(path)!;
            var files = playlist.Segments.Select(s => Path.Combine(directory, s.Uri)).ToList();
            if (!files.All(File.Exists))
            {
                return null;
            }

            bytes += files.Sum(f => new FileInfo(f).Length);
            segments = playlist.Segments.Count;
        }

        return new ChunkResult(chunk.Index, segments, bytes);
    }
}
