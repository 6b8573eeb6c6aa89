namespace Netflix.Core.Media;

public enum MediaFailureCode
{
    FileMissing,
    EmptyFile,
    NotMedia,
    Truncated,
    Damaged,
    NoVideoStream,
    UnsupportedCodec,
    NoVideoFrames,
    ProcessingFailed,
    OutputCheckFailed,

    /// <summary>The step was stopped because another step failed: never the reason a job failed, only its echo.</summary>
    Abandoned,
}

/// <summary>Why a source could not be turned into a stream, in words an uploader can act on.</summary>
public sealed record MediaFailure(MediaFailureCode Code, string Reason)
{
    /// <summary>"code: reason" — how a failure travels in an exception message, the one thing every host keeps.</summary>
    public string Describe() => $"{ErrorCode}: {Reason}";

    /// <summary>Reads a failure back from a message made by <see cref="Describe"/>; any other message is a processing failure.</summary>
    public static MediaFailure FromMessage(string message)
    {
        foreach (var code in Enum.GetValues<MediaFailureCode>())
        {
            var prefix = new MediaFailure(code, string.Empty).ErrorCode + ": ";
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new MediaFailure(code, message[prefix.Length..]);
            }
        }

        return new MediaFailure(MediaFailureCode.ProcessingFailed, message);
    }

    /// <summary>The stable, machine-readable code used in problem details and the catalog.</summary>
    public string ErrorCode => Code switch
    {
        MediaFailureCode.FileMissing => "media-file-missing",
        MediaFailureCode.EmptyFile => "media-empty-file",
        MediaFailureCode.NotMedia => "media-not-media",
        MediaFailureCode.Truncated => "media-truncated",
        MediaFailureCode.Damaged => "media-damaged",
        MediaFailureCode.NoVideoStream => "media-no-video-stream",
        MediaFailureCode.UnsupportedCodec => "media-unsupported-codec",
        MediaFailureCode.NoVideoFrames => "media-no-video-frames",
        MediaFailureCode.ProcessingFailed => "media-processing-failed",
        MediaFailureCode.OutputCheckFailed => "media-output-check-failed",
        MediaFailureCode.Abandoned => "media-job-abandoned",
        _ => "media-failed",
    };
}

/// <summary>A media step failed; carries the failure the job is marked with.</summary>
public sealed class MediaProcessingException : Exception
{
    public MediaProcessingException(MediaFailure failure, Exception? innerException = null)
        : base(failure.Describe(), innerException)
    {
        Failure = failure;
    }

    public MediaProcessingException()
        : this(new MediaFailure(MediaFailureCode.ProcessingFailed, "Media processing failed."))
    {
    }

    public MediaProcessingException(string message)
        : this(new MediaFailure(MediaFailureCode.ProcessingFailed, message))
    {
    }

    public MediaProcessingException(string message, Exception innerException)
        : this(new MediaFailure(MediaFailureCode.ProcessingFailed, message), innerException)
    {
    }

    public MediaFailure Failure { get; }
}

/// <summary>The outcome of probing a source: its description, or why it cannot be used.</summary>
public sealed record ProbeResult
{
    public MediaInfo? Info { get; init; }

    /// <summary>The keyframe index the chunk planner works from; present when probing succeeded.</summary>
    public FrameIndex? Frames { get; init; }

    public MediaFailure? Failure { get; init; }

    public static ProbeResult Ok(MediaInfo info, FrameIndex frames) => new() { Info = info, Frames = frames };

    public static ProbeResult Failed(MediaFailureCode code, string reason) => new() { Failure = new MediaFailure(code, reason) };
}

/// <summary>
/// The job this step belongs to was given up (another step failed for good): the step stops and is not tried again,
/// so nothing works on a folder that is about to be cleared.
/// </summary>
public sealed class JobAbandonedException : Exception
{
    public JobAbandonedException()
        : this("The job was given up after another step failed.")
    {
    }

    /// <summary>The message travels coded (<see cref="MediaFailureCode.Abandoned"/>), so a workflow tells this echo from the failure that caused it.</summary>
    public JobAbandonedException(string message)
        : base(new MediaFailure(MediaFailureCode.Abandoned, message).Describe())
    {
    }

    public JobAbandonedException(string message, Exception innerException)
        : base(new MediaFailure(MediaFailureCode.Abandoned, message).Describe(), innerException)
    {
    }
}
