namespace Netflix.Core.Media;

/// <summary>One video rung of the adaptive ladder, sized for this source.</summary>
public sealed record VideoRendition(string Name, int Width, int Height, int BitrateKbps, int MaxRateKbps, int BufferKbits);

/// <summary>The single audio rendition every video rung plays with.</summary>
public sealed record AudioRendition(string Name, int BitrateKbps, int Channels, int SampleRate);

public sealed record Ladder(IReadOnlyList<VideoRendition> Video, AudioRendition? Audio);

/// <summary>Encoder settings shared by every chunk task, so chunks join seamlessly.</summary>
public sealed record VideoEncoding
{
    public string Preset { get; init; } = "veryfast";

    public string Profile { get; init; } = "high";

    /// <summary>Keyframes forced per segment; 2 gives a 2 s GOP with 4 s segments.</summary>
    public int KeyframesPerSegment { get; init; } = 2;

    /// <summary>Threads each ffmpeg process may use; 1 is the most efficient when tasks run one per core.</summary>
    public int Threads { get; init; } = 1;
}

public enum SplitMode
{
    /// <summary>Cut the source at its own keyframes without re-encoding.</summary>
    StreamCopy,

    /// <summary>The source has too few keyframes: re-encode it once with keyframes at the chunk boundaries, then cut.</summary>
    Reencode,
}

public enum ChunkInput
{
    /// <summary>The chunk's own file made by the split step.</summary>
    SplitFile,

    /// <summary>An accurate seek in the original; used where a stream-copy cut would lose open-GOP frames.</summary>
    SourceSeek,
}

/// <param name="Index">Position of the chunk in the title.</param>
/// <param name="FirstPacket">Decode-order index of the keyframe packet the chunk starts at, where the split cuts.</param>
/// <param name="FirstFrame">Display index of the chunk's first frame in the source.</param>
/// <param name="FrameCount">Frames the chunk must produce.</param>
/// <param name="Start">Presentation time of the first frame, relative to the source's first frame.</param>
/// <param name="Duration">Time until the next chunk starts (or the source ends).</param>
/// <param name="SegmentCount">Whole HLS segments the chunk is cut into.</param>
/// <param name="Input">Where the chunk task reads its frames.</param>
public sealed record ChunkSpec(int Index, int FirstPacket, int FirstFrame, int FrameCount, TimeSpan Start, TimeSpan Duration, int SegmentCount, ChunkInput Input)
{
    public TimeSpan SegmentDuration => Duration / SegmentCount;
}

public sealed record ChunkPlan(SplitMode Mode, IReadOnlyList<ChunkSpec> Chunks)
{
    public int FrameCount => Chunks.Sum(c => c.FrameCount);
}

/// <summary>
/// Everything a chunk task, the audio task and the stitcher need to agree on. Small on purpose: it travels
/// with every activity call.
/// </summary>
public sealed record TranscodePlan
{
    public required MediaInfo Source { get; init; }

    public required Ladder Ladder { get; init; }

    public required VideoEncoding Encoding { get; init; }

    public required TimeSpan TargetSegmentDuration { get; init; }
}
