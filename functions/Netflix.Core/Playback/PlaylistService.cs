using System.Globalization;
using Netflix.Core.Storage;

namespace Netflix.Core.Playback;

/// <summary>
/// Serves a video's playlists and storyboard the way a player needs them: read from the store and rewritten for
/// this request, so every URI inside carries its own signature with the same expiry (and the start offset the
/// link was issued with). The master playlist narrows to one rendition when the link asked for one. Both editions
/// route playlists through this; segments and images go straight from storage or the CDN.
/// </summary>
public sealed class PlaylistService(IMediaStore store, IPlaybackSigner signer)
{
    public static bool IsPlaylist(string path)
        => path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".vtt", StringComparison.OrdinalIgnoreCase);

    /// <summary>The playlist a signed request was admitted to, rewritten; refused with cdn-not-found when the store has no such file.</summary>
    public async Task<string> RenderAsync(CdnGrant grant, CancellationToken cancellationToken)
        => await RenderAsync(grant.VideoId, grant.Path, grant.Bound, grant.ExpiresAt, cancellationToken) ?? throw CdnGate.NotFound();

    /// <summary>The rewritten text, or null when the store has no such file.</summary>
    /// <param name="bound">The parameters the caller's URL was signed with ("variant", "start").</param>
    public async Task<string?> RenderAsync(string videoId, string path, IReadOnlyDictionary<string, string> bound, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        // One read, no separate existence check: players poll a growing playlist, and each store call is a round trip.
        string text;
        try
        {
            await using var stream = await store.OpenReadAsync(StoreKeys.Media(videoId, path), 0, null, cancellationToken);
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var mediaPath = $"{videoId}/{path}";
        var isPlaylist = path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase);
        if (isPlaylist)
        {
            if (bound.TryGetValue("variant", out var variant) && path == StreamService.MasterPath)
            {
                text = ManifestRewriter.SelectVariant(text, variant);
            }

            if (bound.TryGetValue("start", out var start) && double.TryParse(start, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                text = ManifestRewriter.WithStart(text, seconds);
            }
        }

        // Children inherit the start offset and the link's country; a variant choice only matters to the master.
        var inherited = bound.Where(p => p.Key is "start" or GeoAvailability.LinkParameter).ToDictionary(p => p.Key, p => p.Value);
        string Sign(string resolved) => signer.Sign(resolved, expires, inherited, relativeTo: mediaPath);
        return isPlaylist ? ManifestRewriter.Rewrite(text, mediaPath, Sign) : ManifestRewriter.RewriteStoryboard(text, mediaPath, Sign);
    }
}
