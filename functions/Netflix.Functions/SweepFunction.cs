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
        var quiet = configuration.GetValue("Ingest:StalledAfter", StalledRuns.DefaultQuietPeriod);
        var (failed, started) = await stalled.SweepAsync(
            async (request, token) => StateOf(await client.GetInstanceAsync(request.InstanceId, token)),
            (request, token) => IngestStart.StartAsync(client, request, token),
            quiet,
            cancellationToken);
        if (failed + started > 0)
        {
            LogSwept(logger, failed, started);
        }
    }

    public static RunState StateOf(OrchestrationMetadata? instance) => instance?.RuntimeStatus switch
    {
        null => RunState.Unknown,
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => RunState.Ended,
        _ => RunState.Running,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stalled runs: {Failed} video(s) marked failed, {Started} run(s) started")]
    private static partial void LogSwept(ILogger logger, int failed, int started);
}
