using Netflix.Core.Workflow;

namespace Netflix.Core.Media;

/// <summary>A source to turn into a stream. <paramref name="SourceKey"/> names the original in the media workspace.</summary>
public sealed record MediaJob(string VideoId, string SourceKey);

/// <summary>
/// The shape of a title's chunks as the workflow needs it: how many, how many frames and how long in all, and the
/// longest planned segment (which fixes the playlists' target duration from the first publish on). The chunk list
/// itself stays in the job folder.
/// </summary>
public sealed record ChunkSummary(SplitMode Mode, int Count, int FrameCount, TimeSpan Duration, TimeSpan LongestSegment)
{
    public static ChunkSummary Of(ChunkPlan chunks) => new(
        chunks.Mode,
        chunks.Chunks.Count,
        chunks.FrameCount,
        chunks.Chunks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration),
        chunks.Chunks.Count == 0 ? TimeSpan.Zero : chunks.Chunks.Max(c => c.SegmentDuration));
}

/// <param name="PlanId">
/// Names the plan the analysis kept in the job folder (a fingerprint of the source and the settings). Every later
/// step reads the plan from there, so requests stay a few bytes whatever the title's length.
/// </param>
public sealed record AnalysisResult(MediaFailure? Failure, TranscodePlan? Plan, ChunkSummary? Chunks, string? PlanId = null);

/// <summary>A step over a whole job: the job and the plan it works to.</summary>
public sealed record JobStep(MediaJob Job, string PlanId);

/// <summary>One chunk to transcode, by its position in the plan.</summary>
public sealed record ChunkRequest(MediaJob Job, string PlanId, int Index);

/// <summary>Chunks <paramref name="First"/> to <paramref name="First"/> + <paramref name="Count"/> - 1, transcoded as one child workflow.</summary>
public sealed record ChunkBatch(MediaJob Job, string PlanId, int First, int Count);

/// <summary>Publish the playlists over the first <paramref name="ReadyChunks"/> chunks (all of them: the final, VOD playlists).</summary>
public sealed record StitchRequest(MediaJob Job, string PlanId, int ReadyChunks);

/// <summary>Check one stitched rendition against the split chunks.</summary>
public sealed record RenditionCheckRequest(MediaJob Job, string PlanId, string Rendition);

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

        public const string Abandon = "media-abandon";
    }

    private static readonly RetryPolicy Transient = new(3, TimeSpan.FromSeconds(5));

    // Audio is light next to video (well under 1% of the work) and is needed before the first chunk can be published.

    public static readonly Activity<MediaJob, AnalysisResult> Analyze = new(Names.Analyze, Transient, ActivityCost.Light);

    public static readonly Activity<JobStep, ChunkSummary> Split = new(Names.Split, Transient);

    public static readonly Activity<JobStep, AudioResult> EncodeAudio = new(Names.EncodeAudio, Transient, ActivityCost.Light);

    /// <summary>Transcodes a chunk into every rendition and decodes what it made: the result carries what the decode found.</summary>
    public static readonly Activity<ChunkRequest, ChunkResult> TranscodeChunk = new(Names.TranscodeChunk, Transient);

    public static readonly Activity<StitchRequest, StitchResult> Stitch = new(Names.Stitch, Transient, ActivityCost.Light);

    /// <summary>The stitched rendition's frames and timestamps against the source (packets only; the chunks were decoded as they were made).</summary>
    public static readonly Activity<RenditionCheckRequest, StreamCheck> CheckRendition = new(Names.CheckRendition, Transient);

    public static readonly Activity<JobStep, StreamCheck> CheckAudio = new(Names.CheckAudio, Transient);

    public static readonly Activity<JobStep, ThumbnailResult> Thumbnails = new(Names.Thumbnails, Transient);

    /// <summary>Gives the job up: its running steps stop and later ones refuse to start, so the folder can be cleared safely.</summary>
    public static readonly Activity<JobStep, bool> Abandon = new(Names.Abandon, Transient, ActivityCost.Light);
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

    /// <summary>The id later steps found the plan by; the chunk list is in the job folder under it.</summary>
    public string? PlanId { get; init; }

    public ChunkSummary? Chunks { get; init; }

    public StitchResult? Stitch { get; init; }

    public ThumbnailResult? Thumbnails { get; init; }

    public IReadOnlyList<StreamCheck> Checks { get; init; } = [];

    public bool Succeeded => Failure is null;
}
