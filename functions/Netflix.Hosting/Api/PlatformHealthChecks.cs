using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Videos;
using Netflix.Media.Tools;

namespace Netflix.Hosting.Api;

/// <summary>The readiness checks every edition runs, through the ports alone: catalog, media store, search index, media tools.</summary>
public static class PlatformHealthChecks
{
    public static IHealthChecksBuilder AddPlatformHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<CatalogCheck>("catalog")
        .AddCheck<StoreCheck>("store")
        .AddCheck<SearchCheck>("search")
        .AddCheck<MediaToolsCheck>("media-tools");

    private sealed class CatalogCheck(ICatalog catalog) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            // A listing, not a point read: the catalog's read cache answers point reads without asking the database.
            await catalog.ListVideosAsync(null, 1, null, cancellationToken);
            return HealthCheckResult.Healthy("answers");
        }
    }

    private sealed class StoreCheck(IMediaStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await store.StatAsync(StoreKeys.Source("health-probe", ".mp4"), cancellationToken);
            return HealthCheckResult.Healthy("answers");
        }
    }

    private sealed class SearchCheck(ISearchIndex index) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var page = await index.SearchAsync(new SearchQuery(null, [], 1, null), cancellationToken);
            return HealthCheckResult.Healthy($"{page.Total} documents");
        }
    }

    private sealed class MediaToolsCheck(MediaToolchain toolchain) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => Task.FromResult(HealthCheckResult.Healthy($"ffmpeg {toolchain.Version}"));
    }
}
