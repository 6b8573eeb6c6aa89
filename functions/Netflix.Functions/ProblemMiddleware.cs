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
