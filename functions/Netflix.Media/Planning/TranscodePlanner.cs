using Netflix.Core.Media;

namespace Netflix.Media.Planning;

public static class TranscodePlanner
{
    /// <summary>
    /// x264 with B-frames in a pyramid holds back at most two frames; every output timestamp is shifted by that
    /// much so no chunk (the first included) starts with a negative decode time that a muxer would move.
    /// </summary>
    private const int EncoderDelayFrames = 2;

    public static (TranscodePlan Plan, ChunkPlan Chunks) Plan(MediaInfo source, FrameIndex frames, MediaOptions options)
    {
        var plan = new TranscodePlan
        {
            Source = source,
            Ladder = LadderPlanner.Plan(source, options),
            Encoding = options.Encoding,
            TargetSegmentDuration = options.SegmentDuration,
            TimelineOffset = frames.MaxFrameDuration * EncoderDelayFrames,
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
