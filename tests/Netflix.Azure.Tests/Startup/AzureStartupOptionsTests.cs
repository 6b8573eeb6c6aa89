using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Netflix.Hosting;

namespace Netflix.Azure.Tests.Startup;

/// <summary>The start-up wait as the Functions app composes it: from the "Startup" section, checked at start.</summary>
public sealed class AzureStartupOptionsTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Storage:ServiceUri"] = "https://stmedia.blob.core.windows.net",
        ["Cosmos:Endpoint"] = "https://cosmos-netflix.documents.azure.com:443/",
        ["Search:Endpoint"] = "https://search-netflix.search.windows.net",
        ["Playback:Keys:0:Id"] = "k1",
        ["Playback:Keys:0:Secret"] = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public async Task The_wait_defaults_to_ten_minutes_and_is_set_from_the_startup_section()
    {
        await using var defaults = Build([]);
        await using var set = Build(new() { ["Startup:AccessWait"] = "00:20:00", ["Startup:MaxRetryDelay"] = "00:00:30" });

        Assert.Equal(TimeSpan.FromMinutes(10), defaults.GetRequiredService<IOptions<AzureStartupOptions>>().Value.AccessWait);
        var options = set.GetRequiredService<IOptions<AzureStartupOptions>>().Value;
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(30)), (options.AccessWait, options.MaxRetryDelay));
        Assert.Single(set.GetServices<IHostedService>().OfType<AzureStartup>());
    }

    [Theory]
    [InlineData("Startup:AccessWait", "-00:00:01", "AccessWait")]
    [InlineData("Startup:FirstRetryDelay", "00:00:00", "FirstRetryDelay")]
    [InlineData("Startup:MaxRetryDelay", "00:00:01", "MaxRetryDelay")]
    public async Task Waits_that_make_no_sense_stop_the_start(string key, string value, string named)
    {
        await using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureStartupOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

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
