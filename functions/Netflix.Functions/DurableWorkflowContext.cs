using Microsoft.DurableTask;
using Netflix.Core.Workflow;

namespace Netflix.Functions;

/// <summary>
/// The Core workflow port on a Durable Functions orchestration: each call is a Durable activity of the same name
/// with the activity's retry policy, fan-out is several calls in flight, fan-in is awaiting them, and status goes
/// to the orchestration's custom status. Durable replays the function, which the Core workflows allow: they are
/// deterministic by contract.
/// </summary>
internal sealed class DurableWorkflowContext(TaskOrchestrationContext context) : IWorkflowContext
{
    public string InstanceId => context.InstanceId;

    public async Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input)
    {
        var options = activity.Retry is { } retry
            ? TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(retry.MaxAttempts, retry.FirstDelay, retry.BackoffCoefficient))
            : null;
        try
        {
            return await context.CallActivityAsync<TOutput>(activity.Name, input, options);
        }
        catch (TaskFailedException ex)
        {
            throw new ActivityFailedException(activity.Name, ex.FailureDetails.ErrorMessage, ex);
        }
    }

    public void SetStatus(WorkflowStatus status) => context.SetCustomStatus(status);
}
