namespace Netflix.Core.Media;

/// <summary>What the platform knows about an uploaded source after probing it.</summary>
public sealed record MediaInfo
{
    /// <summary>Container names as ffprobe reports them, e.g. "mov,mp4,m4a,3gp,3g2,mj2".</summary>
    public required string Container { get; init; }

    public required long SizeBytes { get; init; }

    /// <summary>Duration measured from the video frames themselves, not the container's claim.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Duration the container header claims; can be wrong for damaged or crafted files.</summary>
    public TimeSpan? DeclaredDuration { get; init; }

    public long? BitRate { get; init; }

    public required VideoTrack Video { get; init; }

    /// <summary>The audio track that will be encoded, or null for a silent video.</summary>
    public AudioTrack? Audio { get; init; }

    public int AudioTrackCount { get; init; }

    /// <summary>Presentation time of the first video frame, on the container's clock.</summary>
    public TimeSpan VideoStart { get; init; }

    /// <summary>The container's start time (the earliest stream start).</summary>
    public TimeSpan ContainerStart { get; init; }

    public required int FrameCount { get; init; }

    public bool IsVariableFrameRate { get; init; }

    /// <summary>The longest gap between two consecutive frames.</summary>
    public required TimeSpan MaxFrameDuration { get; init; }

    /// <summary>Average frames per second over the whole video.</summary>
    public double AverageFrameRate => Duration > TimeSpan.Zero ? FrameCount / Duration.TotalSeconds : 0;
}

public sealed record VideoTrack
{
    public required int StreamIndex { get; init; }

    public required string Codec { get; init; }

    public string? Profile { get; init; }

    /// <summary>Stored picture width, before aspect ratio and rotation are applied.</summary>
    public required int Width { get; init; }

    public required int Height { get; init; }

    public Rational SampleAspectRatio { get; init; } = new(1, 1);

    /// <summary>Clockwise rotation a player applies when displaying: 0, 90, 180 or 270.</summary>
    public int Rotation { get; init; }

    /// <summary>The stream's nominal frame rate (ffprobe's r_frame_rate).</summary>
    public required Rational FrameRate { get; init; }

    public Rational AverageFrameRate { get; init; }

    public string? PixelFormat { get; init; }

    public bool IsInterlaced { get; init; }

    public long? BitRate { get; init; }

    /// <summary>Size as displayed: square pixels, rotation applied.</summary>
    public (int Width, int Height) DisplaySize
    {
        get
        {
            var width = Width;
            if (SampleAspectRatio.IsValid && SampleAspectRatio.Numerator != SampleAspectRatio.Denominator)
            {
                width = (int)Math.Round(Width * SampleAspectRatio.ToDouble());
            }

            return Rotation is 90 or 270 ? (Height, width) : (width, Height);
        }
    }
}

public sealed record AudioTrack
{
    public required int StreamIndex { get; init; }

    public required string Codec { get; init; }

    public required int Channels { get; init; }

    public string? ChannelLayout { get; init; }

    public required int SampleRate { get; init; }

    public long? BitRate { get; init; }

    public string? Language { get; init; }

    public TimeSpan StartTime { get; init; }
}
