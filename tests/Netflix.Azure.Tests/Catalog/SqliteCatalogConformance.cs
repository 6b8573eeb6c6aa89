using Microsoft.Data.Sqlite;
using Netflix.Core.Videos;
using Netflix.Local.Catalog;
using Netflix.Testing;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>The one-machine edition's catalog: SQLite in a file of its own per test.</summary>
public sealed class SqliteCatalogConformance : CatalogConformance
{
    private readonly TempFolder _folder = new("netflix-catalog");

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<ICatalog> CreateCatalogAsync()
        => Task.FromResult<ICatalog>(new SqliteCatalog(new SqliteDatabase(_folder.Combine("catalog.db"))));
}
