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
        return (plan, ChunkPlanner.Plan(frames, options.SegmentDuration, options.ChunkDuration));
    }
}
