using Microsoft.DurableTask;
using Netflix.Core.Workflow;

namespace Netflix.Functions;

/// <summary>
/// The Core workflow port on a Durable Functions orchestration: each call is a Durable activity of the same name
/// with the activity's retry policy (Core's rule of which failures are final included), a child workflow is a
/// sub-orchestration with an id made from this one's, fan-out is several calls in flight, fan-in is awaiting them, and
/// status goes to the orchestration's custom status. Durable replays the function, which the Core workflows allow:
/// they are deterministic by contract.
/// </summary>
internal sealed class DurableWorkflowContext(TaskOrchestrationContext context) : IWorkflowContext
{
    public string InstanceId => context.InstanceId;

    public async Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input)
    {
        try
        {
            return await context.CallActivityAsync<TOutput>(activity.Name, input, Options(activity.Retry));
        }
        catch (TaskFailedException ex)
        {
            throw new ActivityFailedException(activity.Name, ex.FailureDetails.ErrorMessage, ex);
        }
    }

    public async Task<TOutput> CallChildAsync<TInput, TOutput>(Workflow<TInput, TOutput> workflow, TInput input, string key)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<TOutput>(workflow.Name, input, new SubOrchestrationOptions { InstanceId = ChildId(context.InstanceId, key) });
        }
        catch (TaskFailedException ex)
        {
            throw new ActivityFailedException(workflow.Name, ex.FailureDetails.ErrorMessage, ex);
        }
    }

    public void SetStatus(WorkflowStatus status) => context.SetCustomStatus(status);

    /// <summary>A child's instance id: the parent's and the child's key, the same on every replay.</summary>
    public static string ChildId(string parent, string key) => $"{parent}-{key}";

    /// <summary>Core's retry policy as Durable's, which retries only failures Core does not call final.</summary>
    public static TaskOptions? Options(Core.Workflow.RetryPolicy? retry) => retry is null
        ? null
        : TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(retry.MaxAttempts, retry.FirstDelay, retry.BackoffCoefficient, retry.MaxDelay)
        {
            HandleFailure = failure => !Core.Workflow.RetryPolicy.FinalFailures.Any(failure.IsCausedBy),
        });
}
