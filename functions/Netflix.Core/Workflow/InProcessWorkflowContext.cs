using System.Collections.Concurrent;

namespace Netflix.Core.Workflow;

/// <summary>
/// Runs a workflow's activities in this process: heavy ones at most <c>maxParallelActivities</c> at a time, in the order
/// they were called, light ones at once; failed activities are retried by their policy. Hosts add durability by
/// wrapping <see cref="IActivityInvoker"/>.
/// </summary>
public sealed class InProcessWorkflowContext : IWorkflowContext, IDisposable
{
    private readonly IActivityInvoker _invoker;
    private readonly WorkerPool _pool;
    private readonly bool _ownsPool;
    private readonly Action<WorkflowStatus>? _onStatus;
    private readonly CancellationTokenSource _cancellation;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public InProcessWorkflowContext(
        string instanceId,
        IActivityInvoker invoker,
        int maxParallelActivities,
        Action<WorkflowStatus>? onStatus,
        CancellationToken cancellationToken)
        : this(instanceId, invoker, new WorkerPool(maxParallelActivities), onStatus, cancellationToken)
    {
        _ownsPool = true;
    }

    /// <summary>A context whose heavy activities share <paramref name="pool"/> with other workflows running at the same time.</summary>
    public InProcessWorkflowContext(
        string instanceId,
        IActivityInvoker invoker,
        WorkerPool pool,
        Action<WorkflowStatus>? onStatus,
        CancellationToken cancellationToken)
    {
        InstanceId = instanceId;
        _invoker = invoker;
        _pool = pool;
        _onStatus = onStatus;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public string InstanceId { get; }

    public WorkflowStatus? Status { get; private set; }

    public Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input)
    {
        var call = RunAsync(activity, input);
        _inFlight.TryAdd(call, 0);
        _ = call.ContinueWith(done => _inFlight.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call;
    }

    /// <summary>
    /// Cancels the calls still in flight and waits for them to end: a workflow that returned early (a failure) must
    /// not leave its other activities, and their ffmpeg processes, running.
    /// </summary>
    public async Task CancelOutstandingAsync()
    {
        await _cancellation.CancelAsync();
        await Task.WhenAll(_inFlight.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>A child workflow runs inline, on this context: its calls share the pool, the journal and the cancellation.</summary>
    public async Task<TOutput> CallChildAsync<TInput, TOutput>(Workflow<TInput, TOutput> workflow, TInput input, string key)
    {
        try
        {
            return await workflow.Body(this, input);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ActivityFailedException)
        {
            throw new ActivityFailedException(workflow.Name, ex.Message, ex);
        }
    }

    private async Task<TOutput> RunAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input)
    {
        var cancellationToken = _cancellation.Token;
        var attempts = activity.Retry?.MaxAttempts ?? 1;
        var slotted = activity.Cost == ActivityCost.Heavy;
        for (var attempt = 1; ; attempt++)
        {
            if (slotted)
            {
                await _pool.Slots.WaitAsync(cancellationToken);
            }

            try
            {
                return await _invoker.InvokeAsync(activity, input, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < attempts && !RetryPolicy.IsFinal(ex))
            {
                // Retry below, after giving the slot back.
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ActivityFailedException)
            {
                throw new ActivityFailedException(activity.Name, ex.Message, ex);
            }
            finally
            {
                if (slotted)
                {
                    _pool.Slots.Release();
                }
            }

            await Task.Delay(activity.Retry!.DelayBefore(attempt + 1), cancellationToken);
        }
    }

    public void SetStatus(WorkflowStatus status)
    {
        Status = status;
        _onStatus?.Invoke(status);
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        if (_ownsPool)
        {
            _pool.Dispose();
        }
    }
}

/// <summary>The worker slots heavy activities take: one per core usually, shared by every workflow in the process.</summary>
public sealed class WorkerPool : IDisposable
{
    public WorkerPool(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Slots = new SemaphoreSlim(size, size);
    }

    public int Size { get; }

    public SemaphoreSlim Slots { get; }

    public void Dispose() => Slots.Dispose();
}

/// <summary>Runs one activity call; the seam where hosts add journaling.</summary>
public interface IActivityInvoker
{
    Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken);
}

/// <summary>Invokes activities straight from a registry, with no journal.</summary>
public sealed class RegistryActivityInvoker(ActivityRegistry registry) : IActivityInvoker
{
    public Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        => registry.InvokeAsync(activity, input, cancellationToken);
}
