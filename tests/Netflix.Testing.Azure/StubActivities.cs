using System.Collections.Concurrent;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Testing.Azure;

/// <summary>
/// Every Core activity answered at once with a plausible result for a title of <c>chunks</c> chunks of 8 s, counting
/// the calls: the orchestration's own cost, with no media work behind it.
/// </summary>
public sealed class StubActivities
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public StubActivities(int chunks)
    {
        Chunks = new ChunkPlan(
            SplitMode.StreamCopy,
            [.. Enumerable.Range(0, chunks).Select(i => new ChunkSpec(i, i * 240, i * 240, 240, TimeSpan.FromSeconds(8 * i), TimeSpan.FromSeconds(8), 2, ChunkInput.SplitFile))]);
        Plan = new TranscodePlan
        {
            Source = new MediaInfo
            {
                Container = "mov,mp4,m4a,3gp,3g2,mj2",
                SizeBytes = 40_000_000L * chunks,
                Duration = TimeSpan.FromSeconds(8 * chunks),
                Video = new VideoTrack { StreamIndex = 0, Codec = "h264", Width = 3840, Height = 2160, FrameRate = new Rational(30, 1), AverageFrameRate = new Rational(30, 1) },
                Audio = new AudioTrack { StreamIndex = 1, Codec = "aac", Channels = 2, SampleRate = 48_000 },
                AudioTrackCount = 1,
                FrameCount = 240 * chunks,
                MaxFrameDuration = TimeSpan.FromTicks(333_333),
            },
            Ladder = new Ladder(
                [
                    new VideoRendition("2160p", 3840, 2160, 16000, 17120, 32000),
                    new VideoRendition("1080p", 1920, 1080, 5000, 5350, 10000),
                    new VideoRendition("720p", 1280, 720, 2800, 2996, 5600),
                    new VideoRendition("480p", 854, 480, 1400, 1498, 2800),
                    new VideoRendition("240p", 426, 240, 400, 428, 800),
                ],
                new AudioRendition("audio", 128, 2, 48_000)),
            Encoding = new VideoEncoding(),
            TargetSegmentDuration = TimeSpan.FromSeconds(4),
        };
    }

    public const string PlanId = "stub-plan";

    public TranscodePlan Plan { get; }

    public ChunkPlan Chunks { get; }

    /// <summary>Calls per activity name so far.</summary>
    public IReadOnlyDictionary<string, int> Calls => _calls;

    public int CallsOf(string activity) => _calls.GetValueOrDefault(activity);

    public ActivityRegistry Registry()
    {
        var registry = new ActivityRegistry()
            .Register(IngestActivities.MarkProcessing, (_, _) => Answer(IngestActivities.Names.MarkProcessing, true))
            .Register(IngestActivities.RecordProgress, (_, _) => Answer(IngestActivities.Names.RecordProgress, true))
            .Register(IngestActivities.MarkFailed, (_, _) => Answer(IngestActivities.Names.MarkFailed, true))
            .Register(IngestActivities.Publish, (_, _) => Answer(IngestActivities.Names.Publish, true))
            .Register(MediaActivities.Analyze, (_, _) => Answer(MediaActivities.Names.Analyze, new AnalysisResult(null, Plan, ChunkSummary.Of(Chunks), PlanId)))
            .Register(MediaActivities.Split, (_, _) => Answer(MediaActivities.Names.Split, ChunkSummary.Of(Chunks)))
            .Register(MediaActivities.EncodeAudio, (_, _) => Answer(MediaActivities.Names.EncodeAudio, new AudioResult(Chunks.Chunks.Count * 2, 1_000_000, Plan.Source.Duration)))
            .Register(MediaActivities.TranscodeChunk, (request, _) => Answer(
                MediaActivities.Names.TranscodeChunk, new ChunkResult(request.Index, Chunks.Chunks[request.Index].SegmentCount, 10_000_000, [])))
            .Register(MediaActivities.Stitch, (request, _) => Answer(
                MediaActivities.Names.Stitch, new StitchResult(request.ReadyChunks, Chunks.Chunks.Count, TimeSpan.FromSeconds(8 * request.ReadyChunks))))
            .Register(MediaActivities.CheckRendition, (request, _) => Answer(
                MediaActivities.Names.CheckRendition, new StreamCheck(request.Rendition, Chunks.FrameCount, TimeSpan.Zero, Plan.Source.Duration, [])))
            .Register(MediaActivities.CheckAudio, (_, _) => Answer(
                MediaActivities.Names.CheckAudio, new StreamCheck("audio", 0, TimeSpan.Zero, Plan.Source.Duration, [])))
            .Register(MediaActivities.Thumbnails, (_, _) => Answer(
                MediaActivities.Names.Thumbnails, new ThumbnailResult("poster.jpg", "storyboard.vtt", ["storyboard_000.jpg"], 160, 90, TimeSpan.FromSeconds(10), 100)))
            .Register(MediaActivities.Abandon, (_, _) => Answer(MediaActivities.Names.Abandon, true));
        return registry;
    }

    private Task<T> Answer<T>(string activity, T result)
    {
        _calls.AddOrUpdate(activity, 1, (_, count) => count + 1);
        return Task.FromResult(result);
    }
}
