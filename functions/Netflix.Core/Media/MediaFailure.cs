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

    /// <summary>The "video" is one picture: an image file, a single frame, or nothing but a cover picture.</summary>
    /// <remarks>Added last: journals written before it may hold the other codes by number.</remarks>
    StillImage,
}

/// <summary>Why a source could not be turned into a stream, in words an uploader can act on.</summary>
public sealed record MediaFailure(MediaFailureCode Code, string Reason)
{
    /// <summary>"code: reason" — how a failure travels in an exception message, the one thing every host keeps.</summary>
    public string Describe() => $"{ErrorCode}: {Reason}";

    /// <summary>
    /// Reads a failure back from a message made by <see cref="Describe"/>, also where a host put words before it
    /// (the earliest code found wins); any other message is a processing failure.
    /// </summary>
    public static MediaFailure FromMessage(string message)
    {
        var found = (Code: MediaFailureCode.ProcessingFailed, At: -1, Length: 0);
        foreach (var code in Enum.GetValues<MediaFailureCode>())
        {
            var prefix = new MediaFailure(code, string.Empty).ErrorCode + ": ";
            var at = message.IndexOf(prefix, StringComparison.Ordinal);
            if (at >= 0 && (found.At < 0 || at < found.At))
            {
                found = (code, at, prefix.Length);
            }
        }

        return found.At < 0 ? new MediaFailure(MediaFailureCode.ProcessingFailed, message) : new MediaFailure(found.Code, message[(found.At + found.Length)..]);
    }

    /// <summary>Why a run stopped: an activity's failure as it travelled, anything else as a processing failure.</summary>
    public static MediaFailure FromException(Exception exception) => exception is Workflow.ActivityFailedException
        ? FromMessage(exception.Message)
        : new MediaFailure(MediaFailureCode.ProcessingFailed, "The pipeline stopped: " + exception.Message);

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
        MediaFailureCode.StillImage => "media-still-image",
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
