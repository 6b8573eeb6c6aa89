using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Netflix.Core.Ingest;
using Netflix.Core.Workflow;
using Netflix.Media;

namespace Netflix.Local.Workflow;

/// <summary>
/// Runs ingest workflows in this process. Heavy activities share one worker pool (one slot per core by default);
/// every finished activity is journaled, and workflows still running when the process stopped (or died) are
/// resumed when it starts again, skipping the work they had finished.
/// </summary>
public sealed partial class LocalWorkflowEngine(
    SqliteWorkflowStore store,
    ActivityRegistry registry,
    WorkerPool pool,
    StalledRuns stalled,
    LocalOptions options,
    IOptions<MediaOptions> media,
    ILogger<LocalWorkflowEngine> logger) : IHostedService, IIngestStarter, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly CancellationTokenSource _shutdown = new();

    public IReadOnlyCollection<string> RunningInstances => _running.Keys.ToList();

    public Task StartAsync(IngestRequest request, CancellationToken cancellationToken) => TryStartAsync(request, cancellationToken);

    /// <summary>Starts the run unless the journal has one of its id; true when this call started it.</summary>
    public async Task<bool> TryStartAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        if (!await store.TryCreateAsync(request.InstanceId, IngestWorkflow.Name, JsonSerializer.Serialize(request), cancellationToken))
        {
            return false;
        }

        Launch(request);
        return true;
    }

    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        var orphans = Leftovers.KillOrphans(options.StorePath);
        var folders = Leftovers.RemoveTemporaryFiles(Path.Combine(options.StorePath, "media"), media.Value.EffectiveScratchDirectory);
        if (orphans + folders > 0)
        {
            LogLeftovers(logger, orphans, folders);
        }

        // A crash between committing an upload and recording its workflow leaves the video Uploaded with no run: it is
        // started. A run that ended without finishing its video leaves it Processing: it is marked failed. At start the
        // journal knows every run and none is running yet, so no video needs to have been quiet for long; the sweep
        // comes before the resumed runs start, so none of them can finish a video while it looks.
        await stalled.SweepAsync(
            async (request, _, token) => await store.FindAsync(request.InstanceId, token) switch
            {
                null => RunState.Unknown,
                { Status: SqliteWorkflowStore.Running } => RunState.Running,
                _ => RunState.Ended,
            },
            TryStartAsync,
            TimeSpan.Zero,
            cancellationToken);

        foreach (var instance in await store.ListRunningAsync(cancellationToken))
        {
            if (instance.Workflow == IngestWorkflow.Name && JsonSerializer.Deserialize<IngestRequest>(instance.Input) is { } request)
            {
                LogResuming(logger, instance.Id);
                Launch(request);
            }
        }
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync();

        // Cancelled activities kill their ffmpeg and clean up; the workflows stay "running" and resume next start.
        await Task.WhenAny(Task.WhenAll(_running.Values), Task.Delay(Timeout.Infinite, cancellationToken));
    }

    /// <summary>Waits until no workflow is running (for tests and tools).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public ValueTask DisposeAsync()
    {
        _shutdown.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Launch(IngestRequest request)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(request.InstanceId, gate.Task))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(request);
            }
            finally
            {
                _running.TryRemove(request.InstanceId, out _);
                gate.SetResult();
            }
        });
    }

    private async Task RunAsync(IngestRequest request)
    {
        var invoker = new JournalingInvoker(request.InstanceId, store, new RegistryActivityInvoker(registry));
        using var context = new InProcessWorkflowContext(request.InstanceId, invoker, pool, null, _shutdown.Token);
        try
        {
            var outcome = await IngestWorkflow.RunAsync(context, request);
            await context.CancelOutstandingAsync();
            await store.FinishAsync(request.InstanceId, outcome.Succeeded ? "completed" : "failed", outcome.Failure?.Describe(), CancellationToken.None);
            LogFinished(logger, request.InstanceId, outcome.Succeeded ? "completed" : outcome.Failure!.Describe());
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            LogStopped(logger, request.InstanceId);
        }
        catch (Exception ex)
        {
            // The catalog could not be updated even after retries: keep the instance for the next start to resume.
            LogFaulted(logger, ex, request.InstanceId);
        }
        finally
        {
            await context.CancelOutstandingAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleared what a previous run left: {Processes} ffmpeg process(es), {Folders} temporary folder(s)")]
    private static partial void LogLeftovers(ILogger logger, int processes, int folders);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming workflow {InstanceId}")]
    private static partial void LogResuming(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {InstanceId} finished: {Outcome}")]
    private static partial void LogFinished(ILogger logger, string instanceId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {InstanceId} stopped with the host; it resumes at the next start")]
    private static partial void LogStopped(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {InstanceId} faulted; it resumes at the next start")]
    private static partial void LogFaulted(ILogger logger, Exception exception, string instanceId);
}
