using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>Where each viewer stopped in each video, so playback can resume there.</summary>
public sealed class WatchProgressService(ICatalog catalog, TimeProvider time)
{
    /// <summary>Saves a position in a video the caller can play, by <see cref="PlaybackPosition"/>'s rule.</summary>
    public async Task<WatchPosition> SaveAsync(string userId, bool isAdmin, string videoId, double seconds, CancellationToken cancellationToken)
    {
        var video = await VideoAccess.FindPlayableAsync(catalog, videoId, isAdmin, cancellationToken);
        var saved = new WatchPosition(userId, video.Id, PlaybackPosition.Check(video, seconds, "position"), time.GetUtcNow());
        await catalog.SavePositionAsync(saved, cancellationToken);
        return saved;
    }

    /// <summary>The saved position (zero when there is none) in a video the caller can see.</summary>
    public async Task<WatchPosition> GetAsync(string userId, bool isAdmin, string videoId, CancellationToken cancellationToken)
    {
        var video = await VideoAccess.FindAsync(catalog, videoId, isAdmin, cancellationToken);
        return await catalog.FindPositionAsync(userId, video.Id, cancellationToken)
            ?? new WatchPosition(userId, video.Id, TimeSpan.Zero, DateTimeOffset.MinValue);
    }
}
