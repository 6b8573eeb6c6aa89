using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Fixtures;

/// <summary>Tests that share the one plain (http, account key) Azurite of the test run.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>Tests that share the one Cosmos DB stand-in of the test run.</summary>
[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosFixture>
{
    public const string Name = "Cosmos DB";
}
