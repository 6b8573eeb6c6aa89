using System.Collections.Concurrent;
using Netflix.Core.Uploads;

namespace Netflix.Core.Videos;

/// <summary>
/// Keeps the catalog's hot point reads (a video, a user, a viewer's position: the stream-link and sign-in path) in
/// memory for a short while. Writes through this instance evict what they touch at once, so this process always
/// reads its own writes; writes by other processes (the token command, other instances) show within the lifetime.
/// A lost optimistic-concurrency race evicts too, so the retry reads the winner's version. Upload sessions are never
/// cached: their chunk bookkeeping must be exact.
/// </summary>
public sealed class CachingCatalog : ICatalog
{
    private readonly ICatalog _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly Shelf<Video> _videos;
    private readonly Shelf<User> _users;
    private readonly Shelf<WatchPosition> _positions;

    public CachingCatalog(ICatalog inner, TimeProvider time, TimeSpan lifetime, int capacity = 50_000)
    {
        _inner = inner;
        _time = time;
        _lifetime = lifetime;
        _capacity = capacity;
        _videos = new Shelf<Video>(this);
        _users = new Shelf<User>(this);
        _positions = new Shelf<WatchPosition>(this);
    }

    public Task<Video?> FindVideoAsync(string id, CancellationToken cancellationToken)
        => _videos.GetAsync(id, () => _inner.FindVideoAsync(id, cancellationToken));

    public async Task<Video> AddVideoAsync(Video video, CancellationToken cancellationToken)
    {
        using var write = _videos.Write(video.Id);
        return await _inner.AddVideoAsync(video, cancellationToken);
    }

    public async Task<Video> ReplaceVideoAsync(Video video, CancellationToken cancellationToken)
    {
        using var write = _videos.Write(video.Id);
        return await _inner.ReplaceVideoAsync(video, cancellationToken);
    }

    public async Task DeleteVideoAsync(string id, CancellationToken cancellationToken)
    {
        using var write = _videos.Write(id);
        using var positions = _positions.WriteAll();
        await _inner.DeleteVideoAsync(id, cancellationToken);
    }

    public Task<Page<Video>> ListVideosAsync(VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => _inner.ListVideosAsync(status, pageSize, next, cancellationToken);

    public Task<Page<Video>> ListUploadsAsync(string uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => _inner.ListUploadsAsync(uploadedBy, status, pageSize, next, cancellationToken);

    public Task<User?> FindUserAsync(string id, CancellationToken cancellationToken)
        => _users.GetAsync(id, () => _inner.FindUserAsync(id, cancellationToken));

    public async Task<User> UpsertUserAsync(User user, CancellationToken cancellationToken)
    {
        using var write = _users.Write(user.Id);
        return await _inner.UpsertUserAsync(user, cancellationToken);
    }

    public Task<WatchPosition?> FindPositionAsync(string userId, string videoId, CancellationToken cancellationToken)
        => _positions.GetAsync(PositionKey(userId, videoId), () => _inner.FindPositionAsync(userId, videoId, cancellationToken));

    public async Task SavePositionAsync(WatchPosition position, CancellationToken cancellationToken)
    {
        using var write = _positions.Write(PositionKey(position.UserId, position.VideoId));
        await _inner.SavePositionAsync(position, cancellationToken);
    }

    public Task<UploadSession?> FindUploadAsync(string id, CancellationToken cancellationToken) => _inner.FindUploadAsync(id, cancellationToken);

    public Task<UploadSession> AddUploadAsync(UploadSession upload, CancellationToken cancellationToken) => _inner.AddUploadAsync(upload, cancellationToken);

    public Task<UploadSession> ReplaceUploadAsync(UploadSession upload, CancellationToken cancellationToken) => _inner.ReplaceUploadAsync(upload, cancellationToken);

    public Task<UploadedChunk> RecordChunkAsync(string uploadId, UploadedChunk chunk, CancellationToken cancellationToken) => _inner.RecordChunkAsync(uploadId, chunk, cancellationToken);

    public Task<UploadedChunk?> FindChunkAsync(string uploadId, int index, CancellationToken cancellationToken) => _inner.FindChunkAsync(uploadId, index, cancellationToken);

    public Task<IReadOnlyList<UploadedChunk>> ListChunksAsync(string uploadId, CancellationToken cancellationToken) => _inner.ListChunksAsync(uploadId, cancellationToken);

    public Task<IReadOnlyList<UploadSession>> ListOpenUploadsAsync(string userId, CancellationToken cancellationToken) => _inner.ListOpenUploadsAsync(userId, cancellationToken);

    private static string PositionKey(string userId, string videoId) => $"{userId}\n{videoId}";

    /// <summary>
    /// One kind of cached record. A read stores what it found only if no write of that kind began or ended while it
    /// read, so a slow read can never put back a version that a write has just replaced.
    /// </summary>
    private sealed class Shelf<T>(CachingCatalog owner)
        where T : class
    {
        private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
        private long _writes;
        private int _writing;

        public async Task<T?> GetAsync(string key, Func<Task<T?>> read)
        {
            var now = owner._time.GetUtcNow();
            if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
            {
                return entry.Value;
            }

            var before = Interlocked.Read(ref _writes);
            var value = await read();
            if (value is not null && Volatile.Read(ref _writing) == 0 && Interlocked.Read(ref _writes) == before)
            {
                if (_entries.Count >= owner._capacity)
                {
                    _entries.Clear();
                }

                _entries[key] = (value, now + owner._lifetime);
            }

            return value;
        }

        public Eviction Write(string key) => new(this, key);

        public Eviction WriteAll() => new(this, null);

        /// <summary>Evicts when the write starts and again when it ends, and blocks caching in between.</summary>
        public sealed class Eviction : IDisposable
        {
            private readonly Shelf<T> _shelf;
            private readonly string? _key;

            public Eviction(Shelf<T> shelf, string? key)
            {
                _shelf = shelf;
                _key = key;
                Interlocked.Increment(ref shelf._writing);
                Evict();
            }

            public void Dispose()
            {
                Evict();
                Interlocked.Decrement(ref _shelf._writing);
            }

            private void Evict()
            {
                Interlocked.Increment(ref _shelf._writes);
                if (_key is null)
                {
                    _shelf._entries.Clear();
                }
                else
                {
                    _shelf._entries.TryRemove(_key, out _);
                }
            }
        }
    }
}
