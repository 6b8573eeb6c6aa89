using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Netflix.Core.Errors;

namespace Netflix.Functions;

/// <summary>Refusals from the Core services become RFC 7807 problem details with their stable code, as on the local host.</summary>
internal sealed class ProblemMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (AppException ex) when (context.GetHttpContext() is { } http)
        {
            http.Response.StatusCode = ProblemStatus.Of(ex.Kind);
            await http.Response.WriteAsJsonAsync(
                new { type = $"https://httpstatuses.io/{http.Response.StatusCode}", title = ex.Kind.ToString(), status = http.Response.StatusCode, detail = ex.Message, code = ex.Code },
                options: null,
                contentType: "application/problem+json",
                cancellationToken: http.RequestAborted);
        }
    }
}

/// <summary>
/// The ingest starter for one HTTP invocation: completing an upload or reprocessing a video starts its run through
/// the invocation's Durable client (the same instance id the storage event would start, so only one runs).
/// </summary>
internal sealed class InvocationIngestStarter : Netflix.Core.Ingest.IIngestStarter
{
    private static readonly AsyncLocal<Microsoft.DurableTask.Client.DurableTaskClient?> Current = new();

    public static IDisposable Use(Microsoft.DurableTask.Client.DurableTaskClient client)
    {
        Current.Value = client;
        return new Reset();
    }

    public Task StartAsync(Netflix.Core.Ingest.IngestRequest request, CancellationToken cancellationToken)
        => Current.Value is { } client
            ? DurableIngestStarter.StartAsync(client, request, cancellationToken)
            : Task.CompletedTask; // Outside an HTTP invocation the BlobCreated event starts the run.

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
