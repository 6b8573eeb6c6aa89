using Netflix.Core.Media;

namespace Netflix.Media.Planning;

/// <summary>
/// Cuts the title into chunks that can be transcoded independently: each starts at a source keyframe near the
/// target length and is a whole number of segments. The first chunk may be shorter, so the title plays sooner.
/// Sources without usable keyframes are planned on a fixed grid instead and re-encoded once before the cut.
/// </summary>
public static class ChunkPlanner
{
    public static ChunkPlan Plan(FrameIndex frames, TimeSpan segmentTarget, TimeSpan chunkTarget)
        => Plan(frames, segmentTarget, chunkTarget, chunkTarget);

    /// <param name="oneSegmentPerChunk">Every chunk is exactly one segment, however long (variable-frame-rate sources need it).</param>
    public static ChunkPlan Plan(FrameIndex frames, TimeSpan segmentTarget, TimeSpan chunkTarget, TimeSpan firstChunkTarget, bool oneSegmentPerChunk = false)
    {
        var target = WholeSegments(chunkTarget, segmentTarget);
        var first = WholeSegments(firstChunkTarget, segmentTarget);
        var boundaries = PickKeyframes(frames, segmentTarget, first, target);
        var plan = boundaries is null
            ? GridPlan(frames, segmentTarget, first, target)
            : KeyframePlan(frames, boundaries, segmentTarget);
        return oneSegmentPerChunk ? plan with { Chunks = plan.Chunks.Select(c => c with { SegmentCount = 1 }).ToList() } : plan;
    }

    private static TimeSpan WholeSegments(TimeSpan length, TimeSpan segment) => segment * SegmentsFor(length, segment);

    /// <summary>Segments in a chunk: its length over the target segment length, at least one.</summary>
    public static int SegmentsFor(TimeSpan chunkDuration, TimeSpan segmentTarget)
        => Math.Max(1, (int)Math.Round(chunkDuration / segmentTarget, MidpointRounding.AwayFromZero));

    private static List<Keyframe>? PickKeyframes(FrameIndex frames, TimeSpan segment, TimeSpan first, TimeSpan regular)
    {
        var keyframes = frames.Keyframes.OrderBy(k => k.Time).ToList();
        if (keyframes.Count == 0 || keyframes[0].DisplayIndex != 0)
        {
            // Frames before the first keyframe cannot be decoded from a cut.
            return null;
        }

        var chosen = new List<Keyframe> { keyframes[0] };
        while (true)
        {
            var target = chosen.Count == 1 ? first : regular;
            var start = chosen[^1].Time;
            var remaining = frames.Duration - start;
            if (remaining < target * 1.5)
            {
                return chosen;
            }

            var ideal = start + target;
            var earliest = start + (segment / 2);
            var latest = ideal + (target / 2);
            Keyframe? best = null;
            var bestCost = TimeSpan.MaxValue;
            foreach (var keyframe in keyframes)
            {
                if (keyframe.Time < earliest || keyframe.Time > latest || frames.Duration - keyframe.Time < segment / 2)
                {
                    continue;
                }

                // Prefer a cut that leaves the chunk a whole number of target-length segments.
                var length = keyframe.Time - start;
                var segments = SegmentsFor(length, segment);
                var offGrid = (length - (segment * segments)).Duration();
                var cost = (keyframe.Time - ideal).Duration() + offGrid;
                if (cost < bestCost)
                {
                    best = keyframe;
                    bestCost = cost;
                }
            }

            if (best is null)
            {
                // No keyframe where a cut should go: a short enough rest becomes the last chunk; otherwise the
                // keyframes are too sparse to cut at and the source is planned on a grid.
                return remaining <= target * 3 ? chosen : null;
            }

            chosen.Add(best);
        }
    }

    private static ChunkPlan KeyframePlan(FrameIndex frames, List<Keyframe> boundaries, TimeSpan segment)
    {
        var chunks = new List<ChunkSpec>(boundaries.Count);
        for (var i = 0; i < boundaries.Count; i++)
        {
            var start = boundaries[i];
            var next = i + 1 < boundaries.Count ? boundaries[i + 1] : null;
            var duration = (next?.Time ?? frames.Duration) - start.Time;
            var frameCount = (next?.DisplayIndex ?? frames.FrameCount) - start.DisplayIndex;

            // An open-GOP keyframe at either end means a stream-copy cut would lose frames, and a stream-copy first
            // chunk would carry the undecodable packets of a stream cut mid-GOP: seek in the original instead.
            var openGop = (i > 0 && start.HasLeadingFrames) || (next?.HasLeadingFrames ?? false) || (i == 0 && frames.SkippedPackets > 0);
            chunks.Add(new ChunkSpec(
                i,
                start.DecodeIndex,
                start.DisplayIndex,
                frameCount,
                start.Time,
                duration,
                SegmentsFor(duration, segment),
                openGop ? ChunkInput.SourceSeek : ChunkInput.SplitFile));
        }

        return new ChunkPlan(SplitMode.StreamCopy, chunks);
    }

    /// <summary>
    /// Boundaries on a fixed grid. Frame counts are estimates until the split step has re-encoded the source
    /// with keyframes on the grid and counted the frames of each piece.
    /// </summary>
    private static ChunkPlan GridPlan(FrameIndex frames, TimeSpan segment, TimeSpan first, TimeSpan regular)
    {
        var fps = frames.Duration > TimeSpan.Zero ? frames.FrameCount / frames.Duration.TotalSeconds : 25;
        var chunks = new List<ChunkSpec>();
        var start = TimeSpan.Zero;
        var firstFrame = 0;
        while (start < frames.Duration)
        {
            var target = chunks.Count == 0 ? first : regular;
            var remaining = frames.Duration - start;
            var duration = remaining < target * 1.5 ? remaining : target;
            var isLast = duration == remaining;
            var frameCount = isLast ? frames.FrameCount - firstFrame : (int)Math.Round(duration.TotalSeconds * fps);
            chunks.Add(new ChunkSpec(chunks.Count, firstFrame, firstFrame, frameCount, start, duration, SegmentsFor(duration, segment), ChunkInput.SplitFile));
            start += duration;
            firstFrame += frameCount;
        }

        return new ChunkPlan(SplitMode.Reencode, chunks);
    }
}
