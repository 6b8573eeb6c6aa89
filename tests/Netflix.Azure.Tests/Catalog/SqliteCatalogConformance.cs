using Microsoft.Data.Sqlite;
using Netflix.Core.Videos;
using Netflix.Local.Catalog;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>The one-machine edition's catalog: SQLite in a file of its own per test.</summary>
public sealed class SqliteCatalogConformance : CatalogConformance
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netflix-catalog-" + Guid.NewGuid().ToString("N")[..8]);

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override Task<ICatalog> CreateCatalogAsync()
        => Task.FromResult<ICatalog>(new SqliteCatalog(new SqliteDatabase(Path.Combine(_folder, "catalog.db"))));
}
