using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

/// <summary>
/// A workflow context whose activities are stub handlers in an <see cref="ActivityRegistry"/>. It records every
/// call, child workflow, status and stitch in one ordered log, runs child workflows inline (as the local engine
/// does), and lets a test wait for a status before acting again.
/// </summary>
internal sealed class WorkflowHarness : IWorkflowContext
{
    public const string PlanId = "plan-1";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly object _lock = new();
    private readonly ActivityRegistry _registry = new();
    private readonly List<(Func<WorkflowStatus, bool> Predicate, TaskCompletionSource Signal)> _waiters = [];
    private readonly List<(string Activity, object? Input, Task Task)> _calls = [];
    private readonly List<string> _log = [];

    public WorkflowHarness(TranscodePlan plan, ChunkPlan chunks)
    {
        Plan = plan;
        Chunks = chunks;
        Analysis = new AnalysisResult(null, plan, ChunkSummary.Of(chunks), PlanId);
        _registry
            .Register(MediaActivities.Analyze, (job, _) => Task.FromResult(Analysis))
            .Register(MediaActivities.Split, (step, _) => Task.FromResult(Split(step)))
            .Register(MediaActivities.EncodeAudio, (step, _) => EncodeAudio(step))
            .Register(MediaActivities.TranscodeChunk, (request, _) => TranscodeChunk(request))
            .Register(MediaActivities.Stitch, (request, _) =>
            {
                Record($"stitch {request.ReadyChunks}/{Chunks.Chunks.Count}");
                return Task.FromResult(new StitchResult(request.ReadyChunks, Chunks.Chunks.Count, TimeSpan.FromSeconds(12 * request.ReadyChunks)));
            })
            .Register(MediaActivities.CheckRendition, (request, _) => Task.FromResult(CheckRendition(request)))
            .Register(MediaActivities.CheckAudio, (step, _) => Task.FromResult(
                CheckAudio?.Invoke(step) ?? new StreamCheck("audio", 0, TimeSpan.Zero, ChunkSummary.Of(Chunks).Duration, [])))
            .Register(MediaActivities.Thumbnails, (step, _) => Task.FromResult(
                new ThumbnailResult("poster.jpg", "storyboard.vtt", ["storyboard_000.jpg"], 160, 90, TimeSpan.FromSeconds(1), 60)))
            .Register(MediaActivities.Abandon, (step, _) =>
            {
                Record("abandon");
                return Task.FromResult(true);
            })
            .Register(IngestActivities.MarkProcessing, (request, _) => Ingest(IngestActivities.Names.MarkProcessing))
            .Register(IngestActivities.RecordProgress, (update, _) => Ingest(IngestActivities.Names.RecordProgress))
            .Register(IngestActivities.MarkFailed, (update, _) => Ingest(IngestActivities.Names.MarkFailed))
            .Register(IngestActivities.Publish, (request, _) => Ingest(IngestActivities.Names.Publish));
        UseDefaults();
    }

    public string InstanceId => "harness";

    public TranscodePlan Plan { get; }

    public ChunkPlan Chunks { get; }

    public AnalysisResult Analysis { get; set; }

    public Func<JobStep, ChunkSummary> Split { get; set; } = _ => throw new InvalidOperationException("Set in the constructor.");

    public Func<JobStep, Task<AudioResult>> EncodeAudio { get; set; } =
        _ => Task.FromResult(new AudioResult(15, 960_000, TimeSpan.FromSeconds(60)));

    public Func<ChunkRequest, Task<ChunkResult>> TranscodeChunk { get; set; } = _ => throw new InvalidOperationException("Set in the constructor.");

    public Func<RenditionCheckRequest, StreamCheck> CheckRendition { get; set; } = _ => throw new InvalidOperationException("Set in the constructor.");

    /// <summary>By default the audio ends with the video the split produced.</summary>
    public Func<JobStep, StreamCheck>? CheckAudio { get; set; }

    /// <summary>What the ingest activities do; by default they succeed.</summary>
    public Func<string, Task<bool>> IngestStep { get; set; } = _ => Task.FromResult(true);

    /// <summary>Calls, statuses ("transcoding 2/5"), stitches ("stitch 2/5"), children ("child chunks-00002") in the order they happened.</summary>
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

    /// <summary>Every call the workflow made, in order.</summary>
    public IReadOnlyList<Task> AllCalls
    {
        get
        {
            lock (_lock)
            {
                return _calls.Select(c => c.Task).ToList();
            }
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

    public async Task<TOutput> CallChildAsync<TInput, TOutput>(Workflow<TInput, TOutput> workflow, TInput input, string key)
    {
        Record($"child {key}");
        try
        {
            return await workflow.Body(this, input);
        }
        catch (Exception ex) when (ex is not ActivityFailedException)
        {
            throw new ActivityFailedException(workflow.Name, ex.Message, ex);
        }
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

    /// <summary>Completes when <paramref name="entry"/> is in the log.</summary>
    public async Task WaitForLogAsync(string entry)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Log.Contains(entry))
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"'{entry}' never happened: {string.Join(", ", Log)}");
            }

            await Task.Delay(5);
        }
    }

    private Task<bool> Ingest(string activity)
    {
        Record(activity);
        return IngestStep(activity);
    }

    private void Record(string entry)
    {
        lock (_lock)
        {
            _log.Add(entry);
        }
    }

    /// <summary>Default answers: the split keeps the planned chunks, every chunk decodes cleanly, every check passes.</summary>
    private void UseDefaults()
    {
        Split = _ => ChunkSummary.Of(Chunks);
        TranscodeChunk = request => Task.FromResult(new ChunkResult(request.Index, Chunks.Chunks[request.Index].SegmentCount, 1000, []));
        var summary = ChunkSummary.Of(Chunks);
        CheckRendition = request => new StreamCheck(request.Rendition, summary.FrameCount, TimeSpan.Zero, summary.Duration, []);
    }
}
