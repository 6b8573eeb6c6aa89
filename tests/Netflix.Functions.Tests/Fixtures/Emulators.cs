using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Fixtures;

/// <summary>The emulators one test run shares: an Azurite that takes Entra tokens and the Cosmos DB stand-in.</summary>
public sealed class Emulators : IAsyncLifetime
{
    public EntraAzuriteFixture Blobs { get; } = new();

    public CosmosFixture Cosmos { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Blobs.InitializeAsync(), Cosmos.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Blobs.DisposeAsync();
        await Cosmos.DisposeAsync();
    }

    /// <summary>The Functions app's services over these emulators, with containers, a database and a work folder of its own.</summary>
    public Task<AzureEdition> StartEditionAsync(IReadOnlyDictionary<string, string?>? settings = null)
        => AzureEdition.StartAsync(Blobs, Cosmos, settings);
}

[CollectionDefinition(Name)]
public sealed class EmulatorsCollection : ICollectionFixture<Emulators>
{
    public const string Name = "Emulators";
}
