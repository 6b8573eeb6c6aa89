namespace Netflix.Core.Playback;

/// <summary>
/// Issues URLs that let a player fetch one media path until an expiry. Each URL is signed for its own path, so a
/// signature cannot be reused for another file or another video.
/// </summary>
public interface IPlaybackSigner
{
    /// <param name="path">The media path, e.g. "abc123/hls/720p/index.m3u8" (video id first).</param>
    /// <param name="expires">When the URL stops working.</param>
    /// <param name="parameters">Extra query parameters bound into the signature (e.g. a start offset).</param>
    /// <returns>A URL a player can fetch: relative to <paramref name="relativeTo"/> when given, absolute otherwise.</returns>
    string Sign(string path, DateTimeOffset expires, IReadOnlyDictionary<string, string>? parameters = null, string? relativeTo = null);
}
