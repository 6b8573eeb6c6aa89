using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Netflix.Azure.Ingest;

namespace Netflix.Functions;

/// <summary>
/// The Service Bus trigger that starts the pipeline from a committed upload's BlobCreated event. Its extension package
/// is served by nuget.org only, so this file is left out of a PartialFeed build; what it calls is built everywhere.
/// </summary>
public sealed class UploadTrigger(UploadEvents events, ILogger<UploadTrigger> logger)
{
    public const string Name = "upload-committed";

    [Function(Name)]
    public Task UploadCommitted(
        [ServiceBusTrigger("%UploadsQueueName%", Connection = "ServiceBusConnection")] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => IngestStart.FromStorageEventAsync(events, client, message, logger, cancellationToken);
}
