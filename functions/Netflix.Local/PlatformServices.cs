using Microsoft.Extensions.Options;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;
using Netflix.Hosting;
using Netflix.Local.Auth;
using Netflix.Local.Catalog;
using Netflix.Local.Search;
using Netflix.Local.Storage;
using Netflix.Local.Workflow;
using Netflix.Media;

namespace Netflix.Local;

public static class PlatformServices
{
    /// <summary>
    /// The one-machine platform: files for media, SQLite for the catalog and the workflow journal, Lucene for search,
    /// HMAC-signed media URLs, and the in-process workflow engine running the shared pipeline.
    /// </summary>
    public static IServiceCollection AddLocalPlatform(this IServiceCollection services)
    {
        services.AddOptions<LocalOptions>().BindConfiguration(LocalOptions.SectionName).ValidateOnStart()
            .Validate(o => o.WorkerSlots is >= 0 and <= 256, "Local:WorkerSlots must be between 0 (one per core) and 256.")
            .Validate(o => !o.DataPath.Contains('%', StringComparison.Ordinal), "Local:DataDirectory must not contain '%': ffmpeg reads it as a file-name pattern.")
            .Validate(o => o.CatalogCacheLifetime >= TimeSpan.Zero && o.CatalogCacheLifetime <= TimeSpan.FromMinutes(10), "Local:CatalogCacheLifetime must be between 0 and 10 minutes.")
            .Validate(o => o.CdnBase.StartsWith('/') || Uri.IsWellFormedUriString(o.CdnBase, UriKind.Absolute), "Local:CdnBase must start with '/' or be an absolute URL.");
        services.AddNetflixServices();

        // The tools' own files live in the data folder, where the engine sweeps what a dead host left at start.
        services.AddOptions<MediaOptions>().PostConfigure<IOptions<LocalOptions>>((media, local) =>
        {
            if (string.IsNullOrWhiteSpace(media.ScratchDirectory))
            {
                media.ScratchDirectory = local.Value.ScratchPath;
            }
        });
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart()
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKey) || IsKey(o.SigningKey), "Auth:SigningKey must be base64 of at least 32 bytes.");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LocalOptions>>().Value);

        services.AddSingleton(sp => new FileMediaStore(sp.GetRequiredService<LocalOptions>().StorePath));
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<FileMediaStore>());
        services.AddSingleton<IMediaWorkspace>(sp => new DirectoryMediaWorkspace(sp.GetRequiredService<LocalOptions>().StorePath, "media"));
        services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<LocalOptions>().DatabasePath));
        services.AddSingleton<SqliteCatalog>();
        services.AddSingleton<ICatalog>(sp => new CachingCatalog(
            sp.GetRequiredService<SqliteCatalog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LocalOptions>().CatalogCacheLifetime));
        services.AddSingleton(sp => new LuceneSearchIndex(sp.GetRequiredService<LocalOptions>().SearchPath));
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<LuceneSearchIndex>());

        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<LocalOptions>();
            var configured = sp.GetRequiredService<IConfiguration>().GetSection("Playback:Keys").Get<List<PlaybackKeyOptions>>() ?? [];
            return new HmacPlaybackSigner(KeyFiles.PlaybackKeys(local.KeysPath, configured), local.CdnBase.TrimEnd('/'), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IPlaybackSigner>(sp => sp.GetRequiredService<HmacPlaybackSigner>());
        services.AddSingleton(sp => new TokenIssuer(
            KeyFiles.JwtKey(sp.GetRequiredService<LocalOptions>().KeysPath, sp.GetRequiredService<AuthOptions>().SigningKey),
            sp.GetRequiredService<AuthOptions>(),
            sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new WorkerPool(sp.GetRequiredService<LocalOptions>().EffectiveWorkerSlots));
        services.AddSingleton<SqliteWorkflowStore>();
        services.AddSingleton<LocalWorkflowEngine>();
        services.AddSingleton<IIngestStarter>(sp => sp.GetRequiredService<LocalWorkflowEngine>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalWorkflowEngine>());
        return services;
    }

    private static bool IsKey(string value)
    {
        try
        {
            return Convert.FromBase64String(value).Length >= 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
