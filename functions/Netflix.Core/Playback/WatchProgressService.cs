using Netflix.Core.Errors;
using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>Where each viewer stopped in each video, so playback can resume there.</summary>
public sealed class WatchProgressService(ICatalog catalog, TimeProvider time)
{
    public async Task<WatchPosition> SaveAsync(string userId, string videoId, double seconds, CancellationToken cancellationToken)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
        {
            throw AppException.Invalid("position-invalid", "The position must be zero or a positive number of seconds.");
        }

        var video = await catalog.FindVideoAsync(videoId, cancellationToken);
        if (video is null || !video.IsPlayable)
        {
            throw AppException.NotFound("video-not-found", $"No playable video has the id '{videoId}'.");
        }

        var position = TimeSpan.FromSeconds(seconds);
        if (video.Duration is { } duration && position > duration)
        {
            position = duration;
        }

        var saved = new WatchPosition(userId, videoId, position, time.GetUtcNow());
        await catalog.SavePositionAsync(saved, cancellationToken);
        return saved;
    }

    public async Task<WatchPosition> GetAsync(string userId, string videoId, CancellationToken cancellationToken)
    {
        _ = await catalog.FindVideoAsync(videoId, cancellationToken)
            ?? throw AppException.NotFound("video-not-found", $"No video has the id '{videoId}'.");
        return await catalog.FindPositionAsync(userId, videoId, cancellationToken)
            ?? new WatchPosition(userId, videoId, TimeSpan.Zero, DateTimeOffset.MinValue);
    }
}
