using Microsoft.AspNetCore.Http;

namespace Netflix.Hosting.Api;

/// <summary>A refusal as a route's result: the problem document, written the same way on both editions.</summary>
public sealed class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
{
    public Problem Problem { get; } = problem;

    public int? StatusCode => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext) => Problems.WriteAsync(httpContext, Problem);
}
