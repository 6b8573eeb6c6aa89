using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

/// <summary>
/// A workflow context whose activities are stub handlers in an <see cref="ActivityRegistry"/>. It records every
/// call, status and stitch in one ordered log, and lets a test wait for a status before acting again.
/// </summary>
internal sealed class WorkflowHarness : IWorkflowContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly object _lock = new();
    private readonly ActivityRegistry _registry = new();
    private readonly List<(Func<WorkflowStatus, bool> Predicate, TaskCompletionSource Signal)> _waiters = [];
    private readonly List<(string Activity, object? Input, Task Task)> _calls = [];
    private readonly List<string> _log = [];
    private TimeSpan _videoEnd;

    public WorkflowHarness(TranscodePlan plan, ChunkPlan chunks)
    {
        Analysis = new AnalysisResult(null, plan, chunks);
        _registry
            .Register(MediaActivities.Analyze, (job, _) => Task.FromResult(Analysis))
            .Register(MediaActivities.Split, (request, _) =>
            {
                var result = Split(request);
                _videoEnd = result.Chunks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration);
                return Task.FromResult(result);
            })
            .Register(MediaActivities.EncodeAudio, (request, _) => EncodeAudio(request))
            .Register(MediaActivities.TranscodeChunk, (request, _) => TranscodeChunk(request))
            .Register(MediaActivities.Stitch, (request, _) =>
            {
                Record($"stitch {request.ReadyChunks}/{request.TotalChunks}");
                return Task.FromResult(new StitchResult(request.ReadyChunks, request.TotalChunks, TimeSpan.FromSeconds(12 * request.ReadyChunks)));
            })
            .Register(MediaActivities.CheckRendition, (request, _) => Task.FromResult(CheckRendition(request)))
            .Register(MediaActivities.CheckAudio, (request, _) => Task.FromResult(
                CheckAudio?.Invoke(request) ?? new StreamCheck("audio", 0, TimeSpan.Zero, _videoEnd, [])))
            .Register(MediaActivities.Thumbnails, (request, _) => Task.FromResult(
                new ThumbnailResult("poster.jpg", "storyboard.vtt", ["storyboard_000.jpg"], 160, 90, TimeSpan.FromSeconds(1), 60)));
    }

    public string InstanceId => "harness";

    public AnalysisResult Analysis { get; set; }

    public Func<SplitRequest, ChunkPlan> Split { get; set; } = request => request.Chunks;

    public Func<JobStepRequest, Task<AudioResult>> EncodeAudio { get; set; } =
        _ => Task.FromResult(new AudioResult(15, 960_000, TimeSpan.FromSeconds(60)));

    public Func<ChunkRequest, Task<ChunkResult>> TranscodeChunk { get; set; } =
        request => Task.FromResult(new ChunkResult(request.Chunk.Index, request.Chunk.SegmentCount, 1000));

    public Func<RenditionCheckRequest, StreamCheck> CheckRendition { get; set; } =
        request => new StreamCheck(request.Rendition, request.ExpectedFrames, TimeSpan.Zero, request.ExpectedDuration, []);

    /// <summary>By default the audio ends with the video the split produced.</summary>
    public Func<JobStepRequest, StreamCheck>? CheckAudio { get; set; }

    /// <summary>Calls, statuses ("transcoding 2/5") and stitches ("stitch 2/5") in the order they happened.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    public List<WorkflowStatus> Statuses { get; } = [];

    public IReadOnlyList<string> Stitches => Log.Where(e => e.StartsWith("stitch ", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<T> Inputs<T>(string activity)
    {
        lock (_lock)
        {
            return _calls.Where(c => c.Activity == activity).Select(c => (T)c.Input!).ToList();
        }
    }

    public int CallCount(string activity)
    {
        lock (_lock)
        {
            return _calls.Count(c => c.Activity == activity);
        }
    }

    /// <summary>The task the workflow got for its first call of <paramref name="activity"/>.</summary>
    public Task CallTask(string activity)
    {
        lock (_lock)
        {
            return _calls.First(c => c.Activity == activity).Task;
        }
    }

    public Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input)
    {
        var task = _registry.InvokeAsync(activity, input, CancellationToken.None);
        lock (_lock)
        {
            _calls.Add((activity.Name, input, task));
        }

        return task;
    }

    public void SetStatus(WorkflowStatus status)
    {
        lock (_lock)
        {
            Statuses.Add(status);
            _log.Add($"{status.Stage} {status.Done}/{status.Total}");
            foreach (var waiter in _waiters.Where(w => w.Predicate(status)).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes when a status matching <paramref name="predicate"/> has been set (now or earlier).</summary>
    public Task WaitForStatusAsync(Func<WorkflowStatus, bool> predicate)
    {
        lock (_lock)
        {
            if (Statuses.Any(predicate))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, signal));
            return signal.Task.WaitAsync(Patience);
        }
    }

    public Task WaitForTranscodedAsync(int done)
        => WaitForStatusAsync(s => s.Stage == TranscodeStages.Transcoding && s.Done == done);

    private void Record(string entry)
    {
        lock (_lock)
        {
            _log.Add(entry);
        }
    }
}
