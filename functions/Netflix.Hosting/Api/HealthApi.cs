using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Netflix.Hosting.Api;

/// <summary>
/// Readiness (every registered check: <see cref="PlatformHealthChecks"/> and an edition's own extras) and liveness
/// (the process answers; no checks run, so it is cheap enough to poll often), in one shape on both editions.
/// </summary>
public sealed class HealthApi(ApiGate gate, HealthCheckService checks)
{
    public Task<Results<JsonHttpResult<HealthResponse>, ProblemResult>> ReadyAsync(HttpContext http)
        => gate.AnyoneAsync(http, async ct =>
        {
            var report = await checks.CheckHealthAsync(ct);
            var body = new HealthResponse(
                Name(report.Status),
                report.Entries.ToDictionary(
                    e => e.Key,
                    e => new HealthCheckResponse(Name(e.Value.Status), e.Value.Exception is { } failure ? failure.GetType().Name : e.Value.Description)));

            // A degraded platform still serves; only an unhealthy one is taken out of rotation.
            return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

    public Task<Results<JsonHttpResult<HealthResponse>, ProblemResult>> LiveAsync(HttpContext http)
        => gate.AnyoneAsync(http, _ => Task.FromResult(TypedResults.Json(new HealthResponse(Name(HealthStatus.Healthy), new Dictionary<string, HealthCheckResponse>()))));

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
