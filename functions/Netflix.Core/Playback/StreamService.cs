using System.Globalization;
using Netflix.Core.Errors;
using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>A signed, expiring address to play a video from, and where to start.</summary>
public sealed record PlaybackLink(
    string VideoId,
    string Url,
    DateTimeOffset ExpiresAt,
    string Codec,
    string Resolution,
    double StartAt,
    bool Complete,
    string? PosterUrl,
    string? StoryboardUrl);

/// <summary>
/// Turns "play video X, codec C, resolution R, from offset O" into a signed link to its master playlist. Without an
/// offset, playback resumes where the viewer stopped.
/// </summary>
public sealed class StreamService(ICatalog catalog, IPlaybackSigner signer, PlaybackOptions options, TimeProvider time)
{
    public const string MasterPath = "hls/master.m3u8";

    /// <summary>The only codec the ladder is encoded in; other names are refused with what is available.</summary>
    private static readonly string[] H264Names = ["h264", "avc", "avc1", "h.264"];

    /// <param name="isAdmin">Whether the caller is an admin, who sees videos that are not playable (<see cref="VideoAccess"/>).</param>
    /// <param name="country">The viewer's country (ISO 3166-1 alpha-2) as the host determined it, or null when unknown.</param>
    public async Task<PlaybackLink> GetLinkAsync(
        string userId,
        bool isAdmin,
        string videoId,
        string? codec,
        string? resolution,
        double? offset,
        string? country,
        CancellationToken cancellationToken)
    {
        var video = await VideoAccess.FindPlayableAsync(catalog, videoId, isAdmin, cancellationToken);
        GeoAvailability.Require(video, country);

        if (!string.IsNullOrWhiteSpace(codec) && !H264Names.Contains(codec.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new AppException(ErrorKind.Unsupported, "stream-unsupported-codec", $"Codec '{ClientText.Printable(codec)}' is not available; this video is encoded in h264.");
        }

        var variant = PickRendition(video, resolution);
        var start = await StartAtAsync(userId, video, offset, cancellationToken);
        var expires = time.GetUtcNow() + options.LinkLifetime;

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variant is not null)
        {
            parameters["variant"] = variant.Name;
        }

        if (start > 0)
        {
            parameters["start"] = start.ToString("0.###", CultureInfo.InvariantCulture);
        }

        // The country the link was issued for travels, signed, with every URI under it, so the media route can
        // apply the video's current rules again (and refuse a link carried elsewhere when the edge says so).
        if (GeoAvailability.Normalize(country) is { } code)
        {
            parameters[GeoAvailability.LinkParameter] = code;
        }

        return new PlaybackLink(
            video.Id,
            signer.Sign($"{video.Id}/{MasterPath}", expires, parameters),
            expires,
            "h264",
            variant?.Name ?? "auto",
            start,
            video.Status == VideoStatus.Ready,
            video.HasThumbnails ? signer.Sign($"{video.Id}/thumbs/poster.jpg", expires) : null,
            video.HasThumbnails ? signer.Sign($"{video.Id}/thumbs/storyboard.vtt", expires) : null);
    }

    /// <summary>"auto" (or nothing) means every rendition with adaptive switching; otherwise "720p", "720" or "1280x720".</summary>
    private static RenditionInfo? PickRendition(Video video, string? resolution)
    {
        if (string.IsNullOrWhiteSpace(resolution) || resolution.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var wanted = resolution.Trim().ToLowerInvariant();
        var match = video.Renditions.FirstOrDefault(r =>
            r.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || $"{Math.Min(r.Width, r.Height)}".Equals(wanted, StringComparison.Ordinal)
            || $"{Math.Min(r.Width, r.Height)}p".Equals(wanted, StringComparison.Ordinal)
            || $"{r.Width}x{r.Height}".Equals(wanted, StringComparison.Ordinal));
        return match ?? throw AppException.Invalid(
            "stream-unknown-resolution",
            $"Resolution '{ClientText.Printable(resolution)}' is not available; choose auto or one of: {string.Join(", ", video.Renditions.Select(r => r.Name))}.");
    }

    private async Task<double> StartAtAsync(string userId, Video video, double? offset, CancellationToken cancellationToken)
    {
        if (offset is { } requested)
        {
            return Math.Round(PlaybackPosition.Check(video, requested, "stream-offset").TotalSeconds, 3);
        }

        // Stopped in the last moments (the credits, or the last 5% of a short clip): start again from the top.
        var saved = await catalog.FindPositionAsync(userId, video.Id, cancellationToken);
        if (saved is null || video.Duration is not { } duration
            || saved.Position >= duration - TimeSpan.FromTicks(Math.Min(options.ResumeEndMargin.Ticks, duration.Ticks / 20)))
        {
            return 0;
        }

        return Math.Round(saved.Position.TotalSeconds, 3);
    }
}
