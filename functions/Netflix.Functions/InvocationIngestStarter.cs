using Microsoft.DurableTask.Client;
using Netflix.Core.Ingest;

namespace Netflix.Functions;

/// <summary>
/// The ingest starter for one HTTP invocation: completing an upload or reprocessing a video starts its run through
/// the invocation's Durable client (the same instance id the storage event would start, so only one runs).
/// </summary>
internal sealed class InvocationIngestStarter : IIngestStarter
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public static IDisposable Use(DurableTaskClient client)
    {
        Current.Value = client;
        return new Reset();
    }

    public async Task StartAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        // Outside an HTTP invocation the BlobCreated event starts the run.
        if (Current.Value is { } client)
        {
            await IngestStart.StartAsync(client, request, cancellationToken);
        }
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
