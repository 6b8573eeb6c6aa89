using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Netflix.Hosting;

namespace Netflix.Functions;

/// <summary>
/// Errors become RFC 7807 problem details with their stable code, mapped exactly as on the local host
/// (<see cref="Problem.Of"/>): the platform's refusals, conflicts, malformed bodies, and anything else as a logged 500.
/// </summary>
internal sealed partial class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http)
        {
            var problem = Problem.Of(ex, http);
            if (problem.Status >= 500)
            {
                LogUnhandled(logger, ex, http.Request.Method, http.Request.Path);
            }

            if (!http.Response.HasStarted)
            {
                await Problems.WriteAsync(http, problem);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
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
