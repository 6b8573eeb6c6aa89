using Netflix.Core.Errors;
using Netflix.Core.Videos;
using Netflix.Local.Catalog;

namespace Netflix.Local.Tests;

/// <summary>The catalog's read cache over the real SQLite catalog, with a second catalog on the same file standing in for another process.</summary>
public sealed class CachingCatalogTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netflix-cache-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ManualTime _time = new();
    private readonly SqliteCatalog _other;
    private readonly CachingCatalog _cached;

    public CachingCatalogTests()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "catalog.db"));
        _other = new SqliteCatalog(new SqliteDatabase(Path.Combine(_folder, "catalog.db")));
        _cached = new CachingCatalog(new SqliteCatalog(database), _time, Lifetime);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Its_own_writes_are_read_back_at_once()
    {
        var added = await _cached.AddVideoAsync(NewVideo("own"), CancellationToken.None);
        Assert.Equal("Original", (await _cached.FindVideoAsync("own", CancellationToken.None))!.Title);

        await _cached.ReplaceVideoAsync(added with { Title = "Renamed" }, CancellationToken.None);
        await _cached.UpsertUserAsync(new User("u1", "U", UserRole.Viewer, _time.GetUtcNow()), CancellationToken.None);
        Assert.Equal(UserRole.Viewer, (await _cached.FindUserAsync("u1", CancellationToken.None))!.Role);
        await _cached.UpsertUserAsync(new User("u1", "U", UserRole.Admin, _time.GetUtcNow()), CancellationToken.None);
        await _cached.SavePositionAsync(new WatchPosition("u1", "own", TimeSpan.FromSeconds(3), _time.GetUtcNow()), CancellationToken.None);
        Assert.Equal(3, (await _cached.FindPositionAsync("u1", "own", CancellationToken.None))!.Position.TotalSeconds);
        await _cached.SavePositionAsync(new WatchPosition("u1", "own", TimeSpan.FromSeconds(9), _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal("Renamed", (await _cached.FindVideoAsync("own", CancellationToken.None))!.Title);
        Assert.Equal(UserRole.Admin, (await _cached.FindUserAsync("u1", CancellationToken.None))!.Role);
        Assert.Equal(9, (await _cached.FindPositionAsync("u1", "own", CancellationToken.None))!.Position.TotalSeconds);

        await _cached.DeleteVideoAsync("own", CancellationToken.None);
        Assert.Null(await _cached.FindVideoAsync("own", CancellationToken.None));
        Assert.Null(await _cached.FindPositionAsync("u1", "own", CancellationToken.None));
    }

    [Fact]
    public async Task Another_process_writes_show_once_the_lifetime_has_passed()
    {
        await _other.UpsertUserAsync(new User("demoted", "D", UserRole.Admin, _time.GetUtcNow()), CancellationToken.None);
        Assert.Equal(UserRole.Admin, (await _cached.FindUserAsync("demoted", CancellationToken.None))!.Role);

        await _other.UpsertUserAsync(new User("demoted", "D", UserRole.Viewer, _time.GetUtcNow()), CancellationToken.None);
        _time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(UserRole.Admin, (await _cached.FindUserAsync("demoted", CancellationToken.None))!.Role);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(UserRole.Viewer, (await _cached.FindUserAsync("demoted", CancellationToken.None))!.Role);
    }

    [Fact]
    public async Task A_lost_race_evicts_so_the_retry_reads_the_winner()
    {
        await _cached.AddVideoAsync(NewVideo("race"), CancellationToken.None);
        var seen = (await _cached.FindVideoAsync("race", CancellationToken.None))!;
        var theirs = (await _other.FindVideoAsync("race", CancellationToken.None))!;
        await _other.ReplaceVideoAsync(theirs with { Summary = "theirs" }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => _cached.ReplaceVideoAsync(seen with { Title = "mine" }, CancellationToken.None));
        var updated = await _cached.UpdateVideoAsync("race", v => v with { Title = "mine" }, CancellationToken.None);

        Assert.Equal(("mine", "theirs"), (updated.Title, updated.Summary));
        Assert.Equal(("mine", "theirs"), ((await _other.FindVideoAsync("race", CancellationToken.None))!.Title, (await _other.FindVideoAsync("race", CancellationToken.None))!.Summary));
    }

    [Fact]
    public async Task Unknown_records_are_not_remembered_as_missing()
    {
        Assert.Null(await _cached.FindVideoAsync("later", CancellationToken.None));
        await _other.AddVideoAsync(NewVideo("later"), CancellationToken.None);

        Assert.NotNull(await _cached.FindVideoAsync("later", CancellationToken.None));
    }

    private Video NewVideo(string id) => new()
    {
        Id = id,
        Title = "Original",
        UploadedBy = "admin",
        Status = VideoStatus.Uploading,
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
    };

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
