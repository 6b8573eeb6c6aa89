using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netflix.Azure.Search;
using Netflix.Functions;

namespace Netflix.Testing.Azure;

/// <summary>
/// The Functions app's services composed as Program.cs composes them (<see cref="FunctionsComposition.AddFunctionsApp"/>),
/// with the three clients that reach Azure pointed at this machine: Blob Storage at an Azurite that takes Entra tokens
/// (as production uses the app's identity), Cosmos DB at the stand-in, AI Search at its HTTP contract. Each edition
/// gets containers, a database and a work folder of its own; its start-up work (containers, database, index, the
/// first user delegation key) runs in <see cref="StartAsync"/>, as the worker runs it before serving.
/// </summary>
public sealed class AzureEdition : IAsyncDisposable
{
    private readonly CosmosFixture _cosmos;
    private readonly TempFolder _work;

    private AzureEdition(ServiceProvider services, CosmosFixture cosmos, TempFolder work, string database, FakeSearchService search, string uploads, string media)
    {
        Services = services;
        _cosmos = cosmos;
        _work = work;
        Database = database;
        Search = search;
        UploadsContainer = uploads;
        MediaContainer = media;
    }

    public ServiceProvider Services { get; }

    public string Database { get; }

    public FakeSearchService Search { get; }

    public string UploadsContainer { get; }

    public string MediaContainer { get; }

    /// <summary>The shared work folder the media steps use (an Azure Files mount in production).</summary>
    public string WorkFolder => _work.Path;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <param name="settings">Settings on top of the edition's own (limits, media options, …).</param>
    public static async Task<AzureEdition> StartAsync(
        EntraAzuriteFixture blobs, CosmosFixture cosmos, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var database = CosmosFixture.NewDatabaseName("functions");
        var uploads = AzuriteFixture.NewContainerName("uploads");
        var media = AzuriteFixture.NewContainerName("media");
        var search = new FakeSearchService();
        var work = new TempFolder("netflix-work");
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ServiceUri"] = blobs.BlobEndpoint.ToString(),
            ["Storage:UploadsContainer"] = uploads,
            ["Storage:MediaContainer"] = media,
            ["Cosmos:Endpoint"] = cosmos.Endpoint.ToString(),
            ["Cosmos:DatabaseName"] = database,
            ["Search:Endpoint"] = FakeSearchService.Endpoint,
            ["Playback:Keys:0:Id"] = "k1",
            ["Playback:Keys:0:Secret"] = Convert.ToBase64String(new byte[32]),
            ["Media:WorkspaceDirectory"] = work.Path,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddFunctionsApp(configuration);

        // The clients that leave the machine in production, here pointed at its stand-ins (last registration wins).
        services.AddSingleton<TokenCredential>(blobs.Credential);
        services.AddSingleton<BlobServiceClient>(_ => blobs.CreateService());
        services.AddSingleton<CosmosClient>(_ => cosmos.CreateClient());
        services.AddSingleton<AzureSearchIndex>(_ => search.Index(values.TryGetValue("Search:IndexName", out var index) && index is not null ? index : "videos"));
        configure?.Invoke(services);

        var edition = new AzureEdition(services.BuildServiceProvider(validateScopes: true), cosmos, work, database, search, uploads, media);
        foreach (var hosted in edition.Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return edition;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
        await _cosmos.DeleteDatabaseAsync(Database);
        _work.Dispose();
    }
}
