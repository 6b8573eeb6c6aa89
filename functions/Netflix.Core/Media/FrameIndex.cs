namespace Netflix.Core.Media;

/// <summary>
/// The video stream's frames as read from its packets (no decoding): how many, and where the keyframes are.
/// Times are relative to the first frame's presentation time.
/// </summary>
public sealed record FrameIndex
{
    public required int FrameCount { get; init; }

    /// <summary>From the first frame's start to the last frame's end.</summary>
    public required TimeSpan Duration { get; init; }

    public required IReadOnlyList<Keyframe> Keyframes { get; init; }

    public required TimeSpan MinFrameDuration { get; init; }

    public required TimeSpan MaxFrameDuration { get; init; }

    public bool IsVariableFrameRate { get; init; }

    /// <summary>Presentation time of the first decodable frame, on the container's clock.</summary>
    public TimeSpan FirstFrameTime { get; init; }

    /// <summary>Packets at the start that cannot be decoded (a stream cut mid-GOP); they are not counted as frames.</summary>
    public int SkippedPackets { get; init; }
}

/// <param name="DecodeIndex">Position of the keyframe's packet in decode (file) order.</param>
/// <param name="DisplayIndex">Number of frames shown before this keyframe.</param>
/// <param name="Time">Presentation time relative to the first frame.</param>
/// <param name="HasLeadingFrames">
/// True for an open-GOP keyframe: frames after it in decode order are shown before it, so a stream-copy cut here loses them.
/// </param>
public sealed record Keyframe(int DecodeIndex, int DisplayIndex, TimeSpan Time, bool HasLeadingFrames);
