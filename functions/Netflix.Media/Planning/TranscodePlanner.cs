using Netflix.Core.Media;

namespace Netflix.Media.Planning;

public static class TranscodePlanner
{
    public static (TranscodePlan Plan, ChunkPlan Chunks) Plan(MediaInfo source, FrameIndex frames, MediaOptions options)
    {
        var plan = new TranscodePlan
        {
            Source = source,
            Ladder = LadderPlanner.Plan(source, options),
            Encoding = options.Encoding,
            TargetSegmentDuration = options.SegmentDuration,
        };

        // Within a chunk, ffmpeg 5.1 dates each later fMP4 fragment by adding up sample durations, and the last sample
        // of a fragment gets the nominal frame duration; with irregular frame times that misdates a segment's first
        // frame. A chunk's first fragment is dated from its own timestamps, so variable-rate sources get one segment
        // per chunk.
        var chunkTarget = frames.IsVariableFrameRate ? options.SegmentDuration : options.ChunkDuration;
        var firstChunkTarget = frames.IsVariableFrameRate ? options.SegmentDuration : options.FirstChunkDuration;
        return (plan, ChunkPlanner.Plan(frames, options.SegmentDuration, chunkTarget, firstChunkTarget, oneSegmentPerChunk: frames.IsVariableFrameRate));
    }
}
