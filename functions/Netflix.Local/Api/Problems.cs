using Microsoft.AspNetCore.Diagnostics;
using Netflix.Hosting;

namespace Netflix.Local.Api;

/// <summary>Maps exceptions to problem details (<see cref="Problem.Of"/>): known ones with their code, anything else as a 500 without internals.</summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Problem.Of(exception, httpContext);
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (httpContext.Response.HasStarted)
        {
            return true;
        }

        await Problems.WriteAsync(httpContext, problem);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
