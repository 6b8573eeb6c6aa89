using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

public sealed class InProcessWorkflowContextTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly Activity<int, int> Work = new("work");

    private static readonly Activity<int, int> Retried = new("retried", new RetryPolicy(3, TimeSpan.FromMilliseconds(1)));

    [Fact]
    public async Task Never_runs_more_activities_at_once_than_allowed()
    {
        var invoker = new GatedInvoker();
        using var context = new InProcessWorkflowContext("job", invoker, maxParallelActivities: 2, null, CancellationToken.None);

        var calls = Enumerable.Range(0, 5).Select(i => context.CallAsync(Work, i)).ToList();
        await invoker.WaitForStartedAsync(2);

        // Both slots are taken: the other three wait for one to free up.
        Assert.Equal(2, invoker.Started);
        Assert.Equal(2, invoker.Running);

        invoker.Release(0);
        await invoker.WaitForStartedAsync(3);
        Assert.Equal(3, invoker.Started);
        Assert.Equal(2, invoker.Running);

        // One slot at a time, so the waiters' order is observable.
        invoker.Release(1);
        await invoker.WaitForStartedAsync(4);
        invoker.Release(2);
        await invoker.WaitForStartedAsync(5);
        invoker.Release(3);
        invoker.Release(4);

        var results = await Task.WhenAll(calls);
        Assert.Equal([0, 10, 20, 30, 40], results);
        Assert.Equal(2, invoker.MaxRunning);
        Assert.Equal([0, 1, 2, 3, 4], invoker.StartOrder);
    }

    [Fact]
    public async Task Light_activities_do_not_queue_behind_heavy_ones()
    {
        var invoker = new GatedInvoker();
        using var context = new InProcessWorkflowContext("job", invoker, maxParallelActivities: 1, null, CancellationToken.None);
        var light = new Activity<int, int>("light", Cost: ActivityCost.Light);

        var heavy = Enumerable.Range(0, 3).Select(i => context.CallAsync(Work, i)).ToList();
        await invoker.WaitForStartedAsync(1);
        var quick = context.CallAsync(light, 7);
        await invoker.WaitForStartedAsync(2);

        // The only slot is held by heavy work, yet the light call is already running.
        Assert.Equal(2, invoker.Running);
        invoker.Release(7);
        Assert.Equal(70, await quick);

        for (var i = 0; i < 3; i++)
        {
            invoker.Release(i);
        }

        await Task.WhenAll(heavy);
    }

    [Fact]
    public async Task One_slot_runs_activities_one_after_another_in_call_order()
    {
        var invoker = new GatedInvoker();
        using var context = new InProcessWorkflowContext("job", invoker, maxParallelActivities: 1, null, CancellationToken.None);

        var calls = Enumerable.Range(0, 3).Select(i => context.CallAsync(Work, i)).ToList();
        for (var i = 0; i < 3; i++)
        {
            await invoker.WaitForStartedAsync(i + 1);
            Assert.Equal(1, invoker.Running);
            invoker.Release(i);
        }

        await Task.WhenAll(calls);
        Assert.Equal(1, invoker.MaxRunning);
        Assert.Equal([0, 1, 2], invoker.StartOrder);
    }

    [Fact]
    public void At_least_one_slot_is_required()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new InProcessWorkflowContext("job", new ScriptedInvoker(), maxParallelActivities: 0, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_activity_is_tried_up_to_its_max_attempts_then_fails()
    {
        var invoker = new ScriptedInvoker(new IOException("disk"), new IOException("disk"), new IOException("still disk"));
        using var context = new InProcessWorkflowContext("job", invoker, 2, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Retried, 1));

        Assert.Equal(3, invoker.Calls);
        Assert.Equal("retried", error.Activity);
        Assert.Equal("still disk", error.Message);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_retry_that_succeeds_returns_its_result()
    {
        var invoker = new ScriptedInvoker(new IOException("blip"), null);
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        Assert.Equal(7, await context.CallAsync(Retried, 7));
        Assert.Equal(2, invoker.Calls);
    }

    [Fact]
    public async Task An_activity_without_a_policy_is_tried_once()
    {
        var invoker = new ScriptedInvoker(new IOException("blip"), null);
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Work, 1));
        Assert.Equal(1, invoker.Calls);
    }

    [Fact]
    public async Task A_media_processing_failure_is_not_retried()
    {
        var failure = new MediaFailure(MediaFailureCode.Damaged, "The source is damaged.");
        var invoker = new ScriptedInvoker(new MediaProcessingException(failure), null);
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Retried, 1));

        Assert.Equal(1, invoker.Calls);
        Assert.Equal(failure, MediaFailure.FromMessage(error.Message));
        Assert.Same(failure, Assert.IsType<MediaProcessingException>(error.InnerException).Failure);
    }

    [Fact]
    public async Task An_argument_error_is_not_retried()
    {
        var invoker = new ScriptedInvoker(new ArgumentException("bad id"), null);
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Retried, 1));

        Assert.Equal(1, invoker.Calls);
        Assert.IsType<ArgumentException>(error.InnerException);
    }

    [Fact]
    public async Task Cancellation_is_not_wrapped_or_retried()
    {
        var invoker = new ScriptedInvoker(new OperationCanceledException(), null);
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        await Assert.ThrowsAsync<OperationCanceledException>(() => context.CallAsync(Retried, 1));
        Assert.Equal(1, invoker.Calls);
    }

    [Fact]
    public async Task A_failed_attempt_gives_its_slot_back()
    {
        var invoker = new ScriptedInvoker(new IOException("a"), new IOException("b"));
        using var context = new InProcessWorkflowContext("job", invoker, 1, null, CancellationToken.None);

        await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Work, 1));
        await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Work, 2));

        // Both failures released the only slot, so a third call still runs.
        Assert.Equal(3, await context.CallAsync(Work, 3));
    }

    [Fact]
    public async Task Activities_run_through_a_registry()
    {
        var registry = new ActivityRegistry().Register(Work, (i, _) => Task.FromResult(i * 2));
        using var context = new InProcessWorkflowContext("job", new RegistryActivityInvoker(registry), 1, null, CancellationToken.None);

        Assert.Equal(42, await context.CallAsync(Work, 21));
    }

    [Fact]
    public async Task An_unregistered_activity_fails_as_an_activity_failure()
    {
        using var context = new InProcessWorkflowContext("job", new RegistryActivityInvoker(new ActivityRegistry()), 1, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => context.CallAsync(Work, 1));
        Assert.Equal("work", error.Activity);
    }

    [Fact]
    public void SetStatus_reaches_the_callback_and_the_status_property()
    {
        var seen = new List<WorkflowStatus>();
        using var context = new InProcessWorkflowContext("job-7", new ScriptedInvoker(), 1, seen.Add, CancellationToken.None);

        context.SetStatus(new WorkflowStatus(TranscodeStages.Transcoding, 1, 4));
        context.SetStatus(new WorkflowStatus(TranscodeStages.Transcoding, 2, 4));

        Assert.Equal("job-7", context.InstanceId);
        Assert.Equal([new WorkflowStatus("transcoding", 1, 4), new WorkflowStatus("transcoding", 2, 4)], seen);
        Assert.Equal(new WorkflowStatus("transcoding", 2, 4), context.Status);
    }

    [Fact]
    public void SetStatus_without_a_callback_still_records_the_status()
    {
        using var context = new InProcessWorkflowContext("job", new ScriptedInvoker(), 1, null, CancellationToken.None);

        context.SetStatus(new WorkflowStatus(TranscodeStages.Done, 3, 3));

        Assert.Equal(new WorkflowStatus("done", 3, 3), context.Status);
    }

    /// <summary>Every call waits at its own gate; counts how many run at once.</summary>
    private sealed class GatedInvoker : IActivityInvoker
    {
        private readonly object _lock = new();
        private readonly Dictionary<int, TaskCompletionSource> _gates = [];
        private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

        public int Started { get; private set; }

        public int Running { get; private set; }

        public int MaxRunning { get; private set; }

        public List<int> StartOrder { get; } = [];

        public async Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        {
            var id = (int)(object)input!;
            Task gate;
            lock (_lock)
            {
                Started++;
                Running++;
                MaxRunning = Math.Max(MaxRunning, Running);
                StartOrder.Add(id);
                gate = Gate(id).Task;
                foreach (var waiter in _waiters.Where(w => Started >= w.Count))
                {
                    waiter.Signal.TrySetResult();
                }
            }

            await gate;
            lock (_lock)
            {
                Running--;
            }

            return (TOutput)(object)(id * 10);
        }

        public void Release(int id)
        {
            lock (_lock)
            {
                Gate(id).TrySetResult();
            }
        }

        public Task WaitForStartedAsync(int count)
        {
            lock (_lock)
            {
                if (Started >= count)
                {
                    return Task.CompletedTask;
                }

                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, signal));
                return signal.Task.WaitAsync(Patience);
            }
        }

        private TaskCompletionSource Gate(int id)
        {
            if (!_gates.TryGetValue(id, out var gate))
            {
                // Continuations run elsewhere, so the running count drops only after the test has released the gate.
                gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _gates[id] = gate;
            }

            return gate;
        }
    }

    /// <summary>Fails with the scripted exceptions in turn (null means succeed), then succeeds; returns the input.</summary>
    private sealed class ScriptedInvoker(params Exception?[] outcomes) : IActivityInvoker
    {
        public int Calls { get; private set; }

        public Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        {
            var outcome = Calls < outcomes.Length ? outcomes[Calls] : null;
            Calls++;
            return outcome is null ? Task.FromResult((TOutput)(object)input!) : Task.FromException<TOutput>(outcome);
        }
    }
}
