using Netflix.Functions.Tests.Api;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Fixtures;

/// <summary>
/// The emulators one test run shares, an Azurite that takes Entra tokens and the Cosmos DB stand-in, and the pair of
/// editions the API conformance suite drives, started the first time a test asks for them.
/// </summary>
public sealed class Emulators : IAsyncLifetime
{
    private readonly Lazy<Task<ApiEditions>> _editions;

    public Emulators() => _editions = new(() => ApiEditions.StartAsync(this));

    public EntraAzuriteFixture Blobs { get; } = new();

    public CosmosFixture Cosmos { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Blobs.InitializeAsync(), Cosmos.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        if (_editions.IsValueCreated)
        {
            await (await _editions.Value).DisposeAsync();
        }

        await Blobs.DisposeAsync();
        await Cosmos.DisposeAsync();
    }

    /// <summary>The Functions app's services over these emulators, with containers, a database and a work folder of its own.</summary>
    public Task<AzureEdition> StartEditionAsync(IReadOnlyDictionary<string, string?>? settings = null)
        => AzureEdition.StartAsync(Blobs, Cosmos, settings);

    /// <summary>The local host and the Functions app with the same settings and data, for the API conformance suite.</summary>
    public Task<ApiEditions> EditionsAsync() => _editions.Value;
}

[CollectionDefinition(Name)]
public sealed class EmulatorsCollection : ICollectionFixture<Emulators>
{
    public const string Name = "Emulators";
}
