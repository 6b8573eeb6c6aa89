using Netflix.Core.Search;
using Netflix.Local.Search;
using Netflix.Testing;

namespace Netflix.Azure.Tests.Search;

/// <summary>The one-machine edition's index, held in memory.</summary>
public sealed class InMemoryLuceneSearchIndexConformance : SearchIndexConformance
{
    protected override ISearchIndex CreateIndex() => LuceneSearchIndex.InMemory();
}

/// <summary>The one-machine edition's index in a folder, as the host runs it.</summary>
public sealed class FolderLuceneSearchIndexConformance : SearchIndexConformance
{
    private readonly TempFolder _folder = new("netflix-search");

    protected override ISearchIndex CreateIndex() => new LuceneSearchIndex(_folder.Path);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
