using Netflix.Core.Search;
using Netflix.Local.Search;

namespace Netflix.Azure.Tests.Search;

/// <summary>The one-machine edition's index, held in memory.</summary>
public sealed class InMemoryLuceneSearchIndexConformance : SearchIndexConformance
{
    protected override ISearchIndex CreateIndex() => LuceneSearchIndex.InMemory();
}

/// <summary>The one-machine edition's index in a folder, as the host runs it.</summary>
public sealed class FolderLuceneSearchIndexConformance : SearchIndexConformance
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-search-{Guid.NewGuid():N}");

    protected override ISearchIndex CreateIndex() => new LuceneSearchIndex(_folder);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
