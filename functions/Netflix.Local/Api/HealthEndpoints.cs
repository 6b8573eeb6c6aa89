using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netflix.Core.Search;
using Netflix.Local.Catalog;
using Netflix.Local.Storage;
using Netflix.Media.Tools;

namespace Netflix.Local.Api;

public static class HealthEndpoints
{
    public static IHealthChecksBuilder AddPlatformHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<CatalogHealthCheck>("catalog")
        .AddCheck<StoreHealthCheck>("store")
        .AddCheck<SearchHealthCheck>("search")
        .AddCheck<MediaToolsHealthCheck>("media-tools");

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/api/health", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .WithTags("Health");

        // Liveness: the process answers. No checks run, so it stays cheap enough to poll often.
        app.MapHealthChecks("/api/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .WithTags("Health");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private sealed class CatalogHealthCheck(SqliteDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var connection = database.Open();
            await using var command = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM videos");
            var count = await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{count} videos");
        }
    }

    private sealed class StoreHealthCheck(FileMediaStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var probe = Path.Combine(store.Root, $".probe-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            var drive = new DriveInfo(store.Root);
            return drive.AvailableFreeSpace < 1L << 30
                ? HealthCheckResult.Degraded($"{drive.AvailableFreeSpace >> 20} MB free")
                : HealthCheckResult.Healthy($"{drive.AvailableFreeSpace >> 30} GB free");
        }
    }

    private sealed class SearchHealthCheck(ISearchIndex index) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var page = await index.SearchAsync(new SearchQuery(null, [], 1, null), cancellationToken);
            return HealthCheckResult.Healthy($"{page.Total} documents");
        }
    }

    private sealed class MediaToolsHealthCheck(MediaToolchain toolchain) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => Task.FromResult(HealthCheckResult.Healthy($"ffmpeg {toolchain.Version}"));
    }
}
