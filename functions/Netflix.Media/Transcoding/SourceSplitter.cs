using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Media.Hls;
using Netflix.Media.Probing;
using Netflix.Media.Tools;

namespace Netflix.Media.Transcoding;

/// <summary>
/// Cuts the source's video into one file per chunk with a single sequential read: by stream copy at the planned
/// keyframes, or, for sources without usable keyframes, through one re-encode that puts keyframes on the grid.
/// Returns the chunk list with every chunk's frames counted from the files it made.
/// </summary>
public sealed class SourceSplitter(IMediaToolRunner runner, IOptions<MediaOptions> options)
{
    public async Task<ChunkPlan> SplitAsync(string sourcePath, TranscodePlan plan, ChunkPlan chunks, JobLayout layout, CancellationToken cancellationToken)
    {
        if (File.Exists(layout.SplitManifest))
        {
            return await JobPlans.ReadSplitAsync(layout, cancellationToken);
        }

        using var scratch = Scratch.Create(layout, "split");
        var temp = scratch.Path;
        var result = chunks;
        if (chunks.Chunks.Any(c => c.Input == ChunkInput.SplitFile))
        {
            var arguments = BuildArguments(Path.GetFullPath(sourcePath), plan, chunks, temp, options.Value.MezzanineCrf);
            await runner.RunAsync(arguments, null, cancellationToken);
            result = await CountFramesAsync(chunks, plan, temp, cancellationToken);
        }

        await using (var manifest = File.Create(Path.Combine(temp, Path.GetFileName(layout.SplitManifest))))
        {
            await JsonSerializer.SerializeAsync(manifest, result, cancellationToken: cancellationToken);
        }

        // A folder without a manifest is what a crashed attempt left behind: it is renamed away (at once, so a
        // delivery finishing meanwhile is never the one removed) and then removed.
        if (Directory.Exists(layout.ChunksDirectory) && !File.Exists(layout.SplitManifest))
        {
            var stale = layout.NewTempDirectory("stale-split");
            Directory.Delete(stale);
            try
            {
                Directory.Move(layout.ChunksDirectory, stale);
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException) when (File.Exists(layout.SplitManifest))
            {
                // Another delivery put its chunks in place in between.
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(layout.ChunksDirectory)!);
        scratch.Detach();
        try
        {
            Directory.Move(temp, layout.ChunksDirectory);
        }
        catch (IOException) when (File.Exists(layout.SplitManifest))
        {
            // Another delivery of this step finished first: its chunks may be in use already, they stay.
            return await JobPlans.ReadSplitAsync(layout, cancellationToken);
        }

        return result;
    }

    internal static IReadOnlyList<string> BuildArguments(string source, TranscodePlan plan, ChunkPlan chunks, string outputDirectory, int mezzanineCrf)
    {
        var video = plan.Source.Video.StreamIndex.ToString(CultureInfo.InvariantCulture);
        var args = new FFmpegArguments().Input(source).Add("-map", $"0:{video}");
        var cuts = chunks.Chunks.Skip(1).ToList();

        if (chunks.Mode == SplitMode.StreamCopy)
        {
            args.Add("-c", "copy");
            if (cuts.Count > 0)
            {
                // Cut at packet counts, not times: exact, and immune to rounding of B-frame timestamps.
                args.Add("-f", "segment")
                    .Add("-segment_format", "mp4")
                    .Add("-segment_frames", string.Join(',', cuts.Select(c => c.FirstPacket.ToString(CultureInfo.InvariantCulture))));
            }
        }
        else
        {
            // Keyframes only where the chunks start; the segment muxer cuts at exactly those.
            var times = string.Join(',', cuts.Select(c => FFmpegArguments.Seconds(c.Start)));
            args.Add("-c:v", "libx264").Add("-preset", "veryfast").Add("-crf", mezzanineCrf)
                .Add("-g", 1_000_000).Add("-sc_threshold", 0).Add("-fps_mode", "passthrough");
            if (cuts.Count > 0)
            {
                args.Add("-force_key_frames", times).Add("-f", "segment").Add("-segment_format", "mp4").Add("-segment_times", times);
            }
        }

        if (cuts.Count > 0)
        {
            args.Add("-reset_timestamps", 1);
            return args.Output(Path.Combine(outputDirectory, "chunk_%05d.mp4")).Build();
        }

        return args.Add("-f", "mp4").Output(Path.Combine(outputDirectory, JobLayout.ChunkFileName(0))).Build();
    }

    private async Task<ChunkPlan> CountFramesAsync(ChunkPlan planned, TranscodePlan plan, string directory, CancellationToken cancellationToken)
    {
        var result = new List<ChunkSpec>();
        var start = TimeSpan.Zero;
        var firstFrame = 0;
        foreach (var chunk in planned.Chunks)
        {
            var file = Path.Combine(directory, JobLayout.ChunkFileName(chunk.Index));
            if (!File.Exists(file))
            {
                throw new MediaProcessingException(new MediaFailure(
                    MediaFailureCode.ProcessingFailed, $"Splitting the source produced no file for chunk {chunk.Index}."));
            }

            if (planned.Mode == SplitMode.StreamCopy)
            {
                // A count that differs means the cut did not land on the planned keyframe: decode from the original instead.
                var samples = Mp4Boxes.SampleCount(file);
                result.Add(chunk.Input == ChunkInput.SplitFile && samples != chunk.FrameCount ? chunk with { Input = ChunkInput.SourceSeek } : chunk);
                continue;
            }

            var frames = (await PacketScan.RunAsync(runner, file, "v:0", plan.Source.Video.FrameRate, cancellationToken)).ToFrameIndex()
                ?? throw new MediaProcessingException(new MediaFailure(MediaFailureCode.ProcessingFailed, $"Chunk {chunk.Index} came out empty."));
            result.Add(chunk with
            {
                FirstPacket = firstFrame,
                FirstFrame = firstFrame,
                FrameCount = frames.FrameCount,
                Start = start,
                Duration = frames.Duration,
                SegmentCount = Planning.ChunkPlanner.SegmentsFor(frames.Duration, plan.TargetSegmentDuration),
            });
            start += frames.Duration;
            firstFrame += frames.FrameCount;
        }

        return planned with { Chunks = result };
    }
}
