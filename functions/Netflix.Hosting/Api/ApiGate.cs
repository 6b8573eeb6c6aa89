using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Netflix.Core.Videos;

namespace Netflix.Hosting.Api;

/// <summary>
/// The door of every /api route on both editions: who is calling (the edition's <see cref="ICallerSource"/>), whether
/// their role may use the route, whether they are over its rate, and then the handler, whose every refusal or failure
/// becomes problem details with its code (<see cref="Problem.Of"/>). Nothing a handler throws reaches the host.
/// </summary>
public sealed partial class ApiGate(ICallerSource callers, ApiLimits limits, ILogger<ApiGate> logger)
{
    /// <summary>A route anyone may call (health, signed playlists).</summary>
    public async Task<Results<TResult, ProblemResult>> AnyoneAsync<TResult>(HttpContext http, Func<CancellationToken, Task<TResult>> handle)
        where TResult : IResult
    {
        try
        {
            return await handle(http.RequestAborted);
        }
        catch (Exception ex)
        {
            return Refuse(http, ex);
        }
    }

    /// <summary>A route for viewers and admins, held to <paramref name="limit"/> per caller when one is given.</summary>
    public Task<Results<TResult, ProblemResult>> ViewerAsync<TResult>(HttpContext http, Func<Caller, CancellationToken, Task<TResult>> handle, ApiLimit? limit = null)
        where TResult : IResult
        => RunAsync(http, UserRole.Viewer, limit, handle);

    /// <summary>A route for admins only.</summary>
    public Task<Results<TResult, ProblemResult>> AdminAsync<TResult>(HttpContext http, Func<Caller, CancellationToken, Task<TResult>> handle)
        where TResult : IResult
        => RunAsync(http, UserRole.Admin, limit: null, handle);

    private async Task<Results<TResult, ProblemResult>> RunAsync<TResult>(
        HttpContext http, UserRole least, ApiLimit? limit, Func<Caller, CancellationToken, Task<TResult>> handle)
        where TResult : IResult
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            var caller = await callers.IdentifyAsync(http, cancellationToken) ?? throw ApiRefusals.SignInRequired();
            if (caller.Role is not { } role || (least == UserRole.Admin && role != UserRole.Admin))
            {
                throw ApiRefusals.Forbidden();
            }

            if (limit is { } limited && !limits.TryAcquire(limited, caller.Id, out var retryAfter))
            {
                return new ProblemResult(ApiRefusals.RateLimited(retryAfter));
            }

            return await handle(caller, cancellationToken);
        }
        catch (Exception ex)
        {
            return Refuse(http, ex);
        }
    }

    private ProblemResult Refuse(HttpContext http, Exception exception)
    {
        var problem = Problem.Of(exception, http);
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
        }

        return new ProblemResult(problem);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
