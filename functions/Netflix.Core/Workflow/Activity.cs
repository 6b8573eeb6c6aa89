namespace Netflix.Core.Workflow;

/// <summary>
/// A named unit of work a workflow calls. The name is how both hosts find the implementation: the local engine
/// through an <see cref="ActivityRegistry"/>, Durable Functions through a function of the same name.
/// </summary>
public sealed record Activity<TInput, TOutput>(string Name, RetryPolicy? Retry = null, ActivityCost Cost = ActivityCost.Heavy);

/// <summary>How much of a machine an activity takes, for hosts that share one machine between activities.</summary>
public enum ActivityCost
{
    /// <summary>Keeps a core busy for a while (transcoding, decoding): takes one of the host's worker slots.</summary>
    Heavy,

    /// <summary>Brief or cheap (playlists, probing, audio): runs at once rather than queueing behind heavy work.</summary>
    Light,
}

/// <summary>
/// What a workflow function may do: call activities, run child workflows and report progress. Implementations
/// replay or journal the calls, so a workflow must be deterministic: no clock, no random numbers, no I/O of its own.
/// </summary>
public interface IWorkflowContext
{
    string InstanceId { get; }

    /// <summary>Runs an activity. Several calls may be in flight at once (fan out), awaited together (fan in).</summary>
    Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input);

    /// <summary>
    /// Runs a child workflow; <paramref name="key"/> names it among this workflow's children (the same key for the
    /// same child on every replay). Its failure surfaces as an <see cref="ActivityFailedException"/>.
    /// </summary>
    Task<TOutput> CallChildAsync<TInput, TOutput>(Workflow<TInput, TOutput> workflow, TInput input, string key);

    /// <summary>Publishes the workflow's progress for status queries.</summary>
    void SetStatus(WorkflowStatus status);
}

/// <summary>A workflow's progress as status queries see it.</summary>
public sealed record WorkflowStatus(string Stage, int Done, int Total);

/// <summary>An activity failed for good: its retries are spent or it failed in a way retrying cannot fix.</summary>
public sealed class ActivityFailedException : Exception
{
    public ActivityFailedException(string activity, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Activity = activity;
    }

    public ActivityFailedException()
        : this(string.Empty, "An activity failed.")
    {
    }

    public ActivityFailedException(string message)
        : this(string.Empty, message)
    {
    }

    public ActivityFailedException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    public string Activity { get; }
}
