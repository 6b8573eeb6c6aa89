using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netflix.Azure.Catalog;
using Netflix.Azure.Ingest;
using Netflix.Azure.Playback;
using Netflix.Azure.Search;
using Netflix.Azure.Storage;
using Netflix.Core.Playback;
using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Videos;

namespace Netflix.Azure;

/// <summary>
/// The Azure edition's adapters for Core's services (which Netflix.Hosting's AddNetflixServices adds, as on the
/// local host): Blob Storage, Cosmos DB, Azure AI Search and SAS-signed CDN URLs, every connection by Entra identity (a user-assigned managed identity when AZURE_CLIENT_ID is set).
/// Settings are validated at start, and the containers, database and index are created if missing (<see cref="AzureStartup"/>).
/// </summary>
public static class AzurePlatform
{
    public static IServiceCollection AddAzurePlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlobStoreOptions>().BindConfiguration(BlobStoreOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlobStoreOptions>, BlobStoreOptionsValidator>();
        services.AddOptions<CosmosCatalogOptions>().BindConfiguration(CosmosCatalogOptions.SectionName).ValidateOnStart();
        services.AddOptions<AzureSearchOptions>().BindConfiguration(AzureSearchOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureSearchOptions>, AzureSearchOptionsValidator>();
        services.AddOptions<SasPlaybackOptions>().BindConfiguration(SasPlaybackOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SasPlaybackOptions>, SasPlaybackOptionsValidator>();
        services.AddOptions<AzureStartupOptions>().BindConfiguration(AzureStartupOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureStartupOptions>, AzureStartupOptionsValidator>();

        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"],
        }));

        // Media store: sources in "uploads" (where Event Grid watches for committed uploads), outputs in "media".
        services.AddSingleton(sp => BlobServiceClients.Create(
            sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton(sp => new BlobMediaStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value));
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<BlobMediaStore>());

        // Catalog: Cosmos DB, with the same short read cache the local host uses.
        services.AddSingleton(sp => new CosmosClient(
            configuration["Cosmos:Endpoint"] ?? throw new InvalidOperationException("Cosmos:Endpoint is required."),
            sp.GetRequiredService<TokenCredential>(),
            new CosmosClientOptions { ApplicationName = "netflix" }));
        services.AddSingleton(sp => new CosmosCatalog(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<CosmosCatalogOptions>>().Value));
        services.AddSingleton<ICatalog>(sp => new CachingCatalog(
            sp.GetRequiredService<CosmosCatalog>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(5)));

        services.AddSingleton(sp => new AzureSearchIndex(
            sp.GetRequiredService<IOptions<AzureSearchOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<AzureSearchIndex>());

        // Playback: playlists through the app's playlist route (HMAC, rewritten per request), segments as SAS URLs
        // on the CDN host, signed with a user delegation key (no account key exists).
        services.AddSingleton(sp => new UserDelegationKeyCache(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<SasPlaybackOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UserDelegationKeyCache>>()));
        services.AddSingleton(sp => new HmacPlaybackSigner(
            PlaylistKeys(configuration),
            (configuration["Playback:PlaylistBase"] ?? "/api/cdn").TrimEnd('/'),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPlaybackSigner>(sp => new SasPlaybackSigner(
            sp.GetRequiredService<HmacPlaybackSigner>(),
            sp.GetRequiredService<UserDelegationKeyCache>(),
            sp.GetRequiredService<BlobServiceClient>().Uri,
            sp.GetRequiredService<IOptions<SasPlaybackOptions>>().Value));

        services.AddSingleton(sp => new UploadEvents(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.UploadsContainer));
        services.AddHostedService<AzureStartup>();
        return services;
    }

    /// <summary>Playlist signing keys from "Playback:Keys" (Id, base64 Secret); the first signs, all verify, so keys rotate.</summary>
    private static List<SigningKey> PlaylistKeys(IConfiguration configuration)
    {
        var keys = configuration.GetSection("Playback:Keys").GetChildren()
            .Select(k => new SigningKey(k["Id"] ?? string.Empty, Convert.FromBase64String(k["Secret"] ?? string.Empty)))
            .ToList();
        if (keys.Count == 0 || keys.Any(k => k.Id.Length == 0 || k.Secret.Length < 32))
        {
            throw new InvalidOperationException("Playback:Keys needs at least one key with an Id and a base64 Secret of 32 bytes or more.");
        }

        return keys;
    }
}
