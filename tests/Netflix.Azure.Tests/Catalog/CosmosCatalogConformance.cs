using Netflix.Azure.Catalog;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Videos;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>The Azure edition's catalog on the Cosmos DB stand-in, in a database of its own per test.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosCatalogConformance(CosmosFixture cosmos) : CatalogConformance
{
    private readonly CosmosCatalogOptions _options = new() { DatabaseName = CosmosFixture.NewDatabaseName("conformance") };

    public override Task DisposeAsync() => cosmos.DeleteDatabaseAsync(_options.DatabaseName);

    protected override async Task<ICatalog> CreateCatalogAsync()
    {
        await CosmosCatalog.CreateContainersAsync(cosmos.Client, _options, CancellationToken.None);
        return new CosmosCatalog(cosmos.Client, _options);
    }
}
