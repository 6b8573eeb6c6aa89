using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netflix.Core.Ingest;
using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;
using Netflix.Hosting.Api;
using Netflix.Media;

namespace Netflix.Hosting;

public static class PlatformComposition
{
    /// <summary>
    /// Core's services and the media engine over whatever adapters the edition registers (store, catalog, search
    /// index, signers, workspace): the same services, settings and checks on both hosts. Upload and playback settings
    /// are bound from their sections and refused at start when out of range.
    /// </summary>
    public static IServiceCollection AddNetflixServices(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateOnStart()
            .Validate(o => o.ChunkSize is >= 64 * 1024 and <= 64 * 1024 * 1024, "Uploads:ChunkSize must be between 64 KiB and 64 MiB.")
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxOneShotBytes > 0, "Uploads:MaxUploadBytes and MaxOneShotBytes must be positive.")
            .Validate(o => o.MaxOpenSessionsPerUser > 0 && o.SessionLifetime > TimeSpan.Zero, "Uploads:MaxOpenSessionsPerUser and SessionLifetime must be positive.");
        services.AddOptions<PlaybackOptions>().BindConfiguration(PlaybackOptions.SectionName).ValidateOnStart()
            .Validate(o => o.LinkLifetime >= TimeSpan.FromMinutes(1), "Playback:LinkLifetime must be at least a minute.");
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName);
        services.AddNetflixMedia();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<UploadOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlaybackOptions>>().Value);

        services.AddSingleton<UploadService>();
        services.AddSingleton<VideoService>();
        services.AddSingleton<StreamService>();
        services.AddSingleton<PlaylistService>();
        services.AddSingleton<CdnGate>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<WatchProgressService>();
        services.AddSingleton<PosterLinks>();

        services.AddSingleton<IngestHandlers>();
        services.AddSingleton<StalledRuns>();
        services.AddSingleton(sp =>
        {
            var registry = new ActivityRegistry();
            sp.GetRequiredService<MediaActivityHandlers>().RegisterWith(registry);
            sp.GetRequiredService<IngestHandlers>().RegisterWith(registry);
            foreach (var decorator in sp.GetServices<IActivityDecorator>())
            {
                decorator.Apply(registry);
            }

            return registry;
        });
        return services;
    }

    /// <summary>
    /// The /api routes' handlers and their door, the same on both hosts: rate limits ("Limits"), the trusted country
    /// header ("Geo"), the readiness checks, and loggers that never print a request's secrets (<see cref="LogSecrecy"/>). The host adds how it tells who is calling (an <see cref="ICallerSource"/>)
    /// and binds each route of <see cref="ApiRoutes"/> to its handler.
    /// </summary>
    public static IServiceCollection AddNetflixApi(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.SectionName).ValidateOnStart()
            .Validate(o => o.StreamPerMinute > 0 && o.SearchPerMinute > 0, "Limits:StreamPerMinute and SearchPerMinute must be positive.");
        services.AddOptions<GeoOptions>().BindConfiguration(GeoOptions.SectionName);
        services.AddSingleton<ApiLimits>();
        services.AddSingleton<ViewerCountry>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<UploadsApi>();
        services.AddSingleton<VideosApi>();
        services.AddSingleton<SearchApi>();
        services.AddSingleton<PlaylistApi>();
        services.AddSingleton<HealthApi>();
        services.AddPlatformHealthChecks();
        services.AddLogSecrecy();
        return services;
    }
}
