using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Netflix.Core.Errors;

namespace Netflix.Hosting;

/// <summary>A refusal as the API states it: status, stable code, a sentence for people, field errors if any, and when to try again.</summary>
public sealed record Problem(int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
{
    /// <summary>
    /// What an exception means to the caller, the same on both hosts: the platform's refusals with their code, framework
    /// refusals of the request itself, and anything else as a 500 without internals.
    /// </summary>
    public static Problem Of(Exception exception, HttpContext context) => exception switch
    {
        AppException app => new(ProblemStatus.Of(app.Kind), app.Code, app.Message, app.Errors),
        ConcurrencyException => new(409, "conflict", "The record was changed at the same time; try again."),
        BadHttpRequestException { StatusCode: 413 } => new(413, "request-too-large", "The request body is larger than this endpoint accepts."),
        BadHttpRequestException { InnerException: JsonException } => new(400, "request-malformed", "The request body is not valid JSON for this endpoint."),
        BadHttpRequestException bad when bad.StatusCode == 415 => new(415, "request-unsupported-media-type", bad.Message),
        BadHttpRequestException bad => new(bad.StatusCode, "request-malformed", bad.Message),
        JsonException => new(400, "request-malformed", "The request body is not valid JSON."),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => new(499, "request-aborted", "The client went away."),
        _ => new(500, "internal-error", "Something went wrong on our side; it has been logged."),
    };
}

/// <summary>Every error leaves the API as RFC 7807 problem details with a stable "code".</summary>
public static class Problems
{
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

    public static Task WriteAsync(HttpContext context, Problem problem)
    {
        if (problem.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, problem.Status, problem.Code, problem.Detail, problem.Errors);
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;

        // A refusal is about this request only: never cached, and never under the validators or lifetime a success set.
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Remove("ETag");
        headers.Remove("Last-Modified");
        headers.Remove("Expires");
        if (status == StatusCodes.Status401Unauthorized)
        {
            // Every 401 names the scheme the API takes, on either edition.
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

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
        431 => "Request headers too large",
        429 => "Too many requests",
        451 => "Unavailable for legal reasons",
        503 => "Unavailable",
        _ => "Error",
    };
}
