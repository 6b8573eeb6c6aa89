using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Netflix.Azure.Ingest;
using Netflix.Core.Ingest;

namespace Netflix.Functions;

/// <summary>
/// Starts ingest runs as orchestrations named by the video and attempt. The start is refused by the backend when an
/// instance of that id exists in any state, so a duplicate event, or the event arriving after the upload service
/// started the run, starts nothing twice, and a finished run is never run again.
/// </summary>
public static partial class IngestStart
{
    private static readonly OrchestrationRuntimeStatus[] AnyState =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    /// <summary>Starts the run unless an instance of its id exists; true when this call started it.</summary>
    public static async Task<bool> StartAsync(DurableTaskClient client, IngestRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                IngestWorkflow.Name, request, new StartOrchestrationOptions(request.InstanceId).WithDedupeStatuses(AnyState), cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsAlreadyStarted(ex))
        {
            return false;
        }
    }

    /// <summary>The BlobCreated event of a committed upload (delivered by Event Grid through the Service Bus queue).</summary>
    public static async Task<bool> FromStorageEventAsync(
        UploadEvents events, DurableTaskClient client, string message, ILogger logger, CancellationToken cancellationToken)
    {
        if (await events.ToIngestRequestAsync(message, cancellationToken) is not { } request)
        {
            LogIgnored(logger);
            return false;
        }

        return await StartAsync(client, request, cancellationToken);
    }

    private static bool IsAlreadyStarted(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode == StatusCode.AlreadyExists,
        DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException => true,
        _ => ex.InnerException is { } inner && IsAlreadyStarted(inner),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage event ignored: not a committed source of a video waiting for processing")]
    private static partial void LogIgnored(ILogger logger);
}
