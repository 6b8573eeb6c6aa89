using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Netflix.Core.Ingest;

namespace Netflix.Functions;

/// <summary>
/// Every ten minutes: videos left uploaded or processing by a run that ended without finishing them are marked
/// failed, and ones whose run never started are started (Core's <see cref="StalledRuns"/>, with the Durable client
/// telling what became of each run).
/// </summary>
public sealed partial class SweepFunction(StalledRuns stalled, IConfiguration configuration, ILogger<SweepFunction> logger)
{
    public const string Name = "ingest-sweep";

    [Function(Name)]
    public async Task Sweep([TimerTrigger("0 */10 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var quiet = configuration.GetValue(StalledRuns.QuietPeriodSetting, StalledRuns.DefaultQuietPeriod);
        var result = await stalled.SweepAsync(
            (request, quietSince, token) => StateOfAsync(client, request, quietSince, token),
            (request, token) => IngestStart.StartAsync(client, request, token),
            quiet,
            cancellationToken);
        if (result.Failed + result.Started > 0)
        {
            LogSwept(logger, result.Failed, result.Started);
        }

        foreach (var error in result.Errors)
        {
            LogError(logger, error);
        }
    }

    /// <summary>
    /// Ended only when the run and its child workflows (terminating a parent leaves its children running) are over
    /// and were last updated before the quiet period began, so none of their steps can still be running.
    /// </summary>
    public static async Task<RunState> StateOfAsync(DurableTaskClient client, IngestRequest request, DateTimeOffset quietSince, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(request.InstanceId, cancellationToken) is not { } run)
        {
            return RunState.Unknown;
        }

        if (!IsOver(run, quietSince))
        {
            return RunState.Running;
        }

        var children = client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = DurableWorkflowContext.ChildId(request.InstanceId, string.Empty) });
        await foreach (var child in children.WithCancellation(cancellationToken))
        {
            if (!IsOver(child, quietSince))
            {
                return RunState.Running;
            }
        }

        return RunState.Ended;
    }

    private static bool IsOver(OrchestrationMetadata instance, DateTimeOffset quietSince)
        => instance.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            && instance.LastUpdatedAt <= quietSince;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stalled runs: {Failed} video(s) marked failed, {Started} run(s) started")]
    private static partial void LogSwept(ILogger logger, int failed, int started);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stalled runs: a video could not be swept: {Error}")]
    private static partial void LogError(ILogger logger, string error);
}
