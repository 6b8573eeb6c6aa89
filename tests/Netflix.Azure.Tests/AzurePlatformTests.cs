using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
using Netflix.Hosting;

namespace Netflix.Azure.Tests;

/// <summary>The Azure edition's composition, as the Functions app uses it: everything resolves, bad settings are refused.</summary>
public sealed class AzurePlatformTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Storage:ServiceUri"] = "https://stmedia.blob.core.windows.net",
        ["Cosmos:Endpoint"] = "https://cosmos-netflix.documents.azure.com:443/",
        ["Search:Endpoint"] = "https://search-netflix.search.windows.net",
        ["Playback:Sas:CdnEndpoint"] = "https://netflix.azurefd.net",
        ["Playback:Keys:0:Id"] = "k1",
        ["Playback:Keys:0:Secret"] = Convert.ToBase64String(new byte[32]),
        ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001",
    };

    [Fact]
    public async Task Every_service_the_functions_call_resolves_over_the_azure_adapters()
    {
        await using var provider = Build(Settings);

        Assert.IsType<CachingCatalog>(provider.GetRequiredService<ICatalog>());
        Assert.IsType<BlobMediaStore>(provider.GetRequiredService<IMediaStore>());
        Assert.IsType<AzureSearchIndex>(provider.GetRequiredService<ISearchIndex>());
        Assert.IsType<SasPlaybackSigner>(provider.GetRequiredService<IPlaybackSigner>());
        // Resolving is the check: GetRequiredService throws for a service that cannot be built.
        _ = provider.GetRequiredService<StreamService>();
        _ = provider.GetRequiredService<SearchService>();
        _ = provider.GetRequiredService<PlaylistService>();
        _ = provider.GetRequiredService<WatchProgressService>();
        _ = provider.GetRequiredService<UploadEvents>();
        Assert.Equal("netflix", provider.GetRequiredService<IOptions<CosmosCatalogOptions>>().Value.DatabaseName);
    }

    [Fact]
    public void Playlist_links_point_at_the_apps_playlist_route()
    {
        using var provider = Build(Settings);

        var url = provider.GetRequiredService<HmacPlaybackSigner>().Sign("abc/hls/master.m3u8", DateTimeOffset.UtcNow.AddHours(1));

        Assert.StartsWith("/api/cdn/abc/hls/master.m3u8?exp=", url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Playback:Keys:0:Secret", "c2hvcnQ=")]
    [InlineData("Cosmos:Endpoint", null)]
    public void Missing_or_weak_settings_stop_it_at_start(string key, string? value)
    {
        var settings = new Dictionary<string, string?>(Settings) { [key] = value };
        using var provider = Build(settings);

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<StreamService>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<Netflix.Core.Ingest.IIngestStarter, NoStarter>();
        services.AddAzurePlatform(configuration);
        services.AddNetflixServices();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    private sealed class NoStarter : Netflix.Core.Ingest.IIngestStarter
    {
        public Task StartAsync(Netflix.Core.Ingest.IngestRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
