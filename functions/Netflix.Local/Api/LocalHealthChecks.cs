using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netflix.Local.Storage;

namespace Netflix.Local.Api;

/// <summary>This host's readiness checks beyond the shared ones: the data folder takes writes and has room.</summary>
public static class LocalHealthChecks
{
    public static IHealthChecksBuilder AddLocalHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<DiskCheck>("disk");

    private sealed class DiskCheck(FileMediaStore store) : IHealthCheck
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
}
