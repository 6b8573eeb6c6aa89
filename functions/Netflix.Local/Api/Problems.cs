using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Netflix.Core.Errors;

namespace Netflix.Local.Api;

/// <summary>Every error leaves the API as RFC 7807 problem details with a stable "code".</summary>
public static partial class Problems
{
    public static int StatusOf(ErrorKind kind) => ProblemStatus.Of(kind);

    public static ProblemDetails Create(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value));
        problem.Status = status;
        problem.Title = TitleOf(status);
        problem.Detail = detail;
        problem.Type = $"https://httpstatuses.io/{status}";
        problem.Instance = context.Request.Path;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = Create(context, status, code, detail, errors);

        // The runtime type, so validation problems keep their "errors".
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not signed in",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Too large",
        415 => "Unsupported media type",
        416 => "Range not satisfiable",
        429 => "Too many requests",
        451 => "Unavailable for legal reasons",
        503 => "Unavailable",
        _ => "Error",
    };
}

/// <summary>Maps exceptions to problem details: known ones with their code, anything else as a 500 without internals.</summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail, errors) = exception switch
        {
            AppException app => (Problems.StatusOf(app.Kind), app.Code, app.Message, app.Errors),
            ConcurrencyException => (409, "conflict", "The record was changed at the same time; try again.", null),
            BadHttpRequestException { StatusCode: 413 } => (413, "request-too-large", "The request body is larger than this endpoint accepts.", null),
            BadHttpRequestException { InnerException: JsonException } => (400, "request-malformed", "The request body is not valid JSON for this endpoint.", null),
            BadHttpRequestException bad when bad.StatusCode == 415 => (415, "request-unsupported-media-type", bad.Message, null),
            BadHttpRequestException bad => (bad.StatusCode, "request-malformed", bad.Message, null),
            JsonException => (400, "request-malformed", "The request body is not valid JSON.", null),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "request-aborted", "The client went away.", null),
            _ => (500, "internal-error", "Something went wrong on our side; it has been logged.", (IReadOnlyDictionary<string, string[]>?)null),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (httpContext.Response.HasStarted)
        {
            return true;
        }

        await Problems.WriteAsync(httpContext, status, code, detail, errors);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
