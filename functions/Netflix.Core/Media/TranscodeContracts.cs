using Netflix.Core.Workflow;

namespace Netflix.Core.Media;

/// <summary>A source to turn into a stream. <paramref name="SourceKey"/> names the original in the media workspace.</summary>
public sealed record MediaJob(string VideoId, string SourceKey);

public sealed record AnalysisResult(MediaFailure? Failure, TranscodePlan? Plan, ChunkPlan? Chunks);

public sealed record SplitRequest(MediaJob Job, TranscodePlan Plan, ChunkPlan Chunks);

public sealed record JobStepRequest(MediaJob Job, TranscodePlan Plan);

public sealed record ChunkRequest(MediaJob Job, TranscodePlan Plan, ChunkSpec Chunk);

/// <param name="LongestSegment">The longest planned segment, which fixes the playlists' target duration from the first publish on.</param>
public sealed record StitchRequest(MediaJob Job, TranscodePlan Plan, int TotalChunks, int ReadyChunks, TimeSpan LongestSegment);

public sealed record RenditionCheckRequest(MediaJob Job, TranscodePlan Plan, string Rendition, int ExpectedFrames, TimeSpan ExpectedDuration);

/// <summary>The media activities the transcode workflow calls, by name.</summary>
public static class MediaActivities
{
    /// <summary>The activities' names: the one place they are spelled, for hosts that bind a function to each.</summary>
    public static class Names
    {
        public const string Analyze = "media-analyze";

        public const string Split = "media-split";

        public const string EncodeAudio = "media-encode-audio";

        public const string TranscodeChunk = "media-transcode-chunk";

        public const string Stitch = "media-stitch";

        public const string CheckRendition = "media-check-rendition";

        public const string CheckAudio = "media-check-audio";

        public const string Thumbnails = "media-thumbnails";
    }

    private static readonly RetryPolicy Transient = new(3, TimeSpan.FromSeconds(5));

    // Audio is light next to video (well under 1% of the work) and is needed before the first chunk can be published.

    public static readonly Activity<MediaJob, AnalysisResult> Analyze = new(Names.Analyze, Transient, ActivityCost.Light);

    public static readonly Activity<SplitRequest, ChunkPlan> Split = new(Names.Split, Transient);

    public static readonly Activity<JobStepRequest, AudioResult> EncodeAudio = new(Names.EncodeAudio, Transient, ActivityCost.Light);

    public static readonly Activity<ChunkRequest, ChunkResult> TranscodeChunk = new(Names.TranscodeChunk, Transient);

    public static readonly Activity<StitchRequest, StitchResult> Stitch = new(Names.Stitch, Transient, ActivityCost.Light);

    public static readonly Activity<RenditionCheckRequest, StreamCheck> CheckRendition = new(Names.CheckRendition, Transient);

    public static readonly Activity<JobStepRequest, StreamCheck> CheckAudio = new(Names.CheckAudio, Transient);

    public static readonly Activity<JobStepRequest, ThumbnailResult> Thumbnails = new(Names.Thumbnails, Transient);
}

/// <summary>Where a transcode is: its stage, chunks done and published of the total, and the ladder once planned.</summary>
public sealed record TranscodeProgress(string Stage, int Done, int Total, int Published, Ladder? Ladder);

public static class TranscodeStages
{
    public const string Analyzing = "analyzing";
    public const string Splitting = "splitting";
    public const string Transcoding = "transcoding";
    public const string Verifying = "verifying";
    public const string Done = "done";
}

/// <summary>How a transcode ended: the stream's shape and checks, or why it failed.</summary>
public sealed record TranscodeOutcome
{
    public MediaFailure? Failure { get; init; }

    public TranscodePlan? Plan { get; init; }

    public ChunkPlan? Chunks { get; init; }

    public StitchResult? Stitch { get; init; }

    public ThumbnailResult? Thumbnails { get; init; }

    public IReadOnlyList<StreamCheck> Checks { get; init; } = [];

    public bool Succeeded => Failure is null;
}
