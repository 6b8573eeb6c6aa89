namespace Netflix.Core.Storage;

/// <summary>The Content-Type of each kind of file the platform stores, so every edition serves media the way players expect.</summary>
public static class MediaTypes
{
    /// <summary>What a player fetches: playlists, segments, init files, images and captions.</summary>
    private static readonly Dictionary<string, string> Playback = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".m4s"] = "video/iso.segment",
        [".mp4"] = "video/mp4",
        [".jpg"] = "image/jpeg",
        [".vtt"] = "text/vtt; charset=utf-8",
    };

    /// <summary>Everything else the store may hold: originals and the pipeline's own records.</summary>
    private static readonly Dictionary<string, string> Stored = new(StringComparer.OrdinalIgnoreCase)
    {
        [".ts"] = "video/mp2t",
        [".mov"] = "video/quicktime",
        [".mkv"] = "video/x-matroska",
        [".webm"] = "video/webm",
        [".json"] = "application/json",
    };

    /// <summary>The type of a file a player may be served; false for anything else, which is not served.</summary>
    public static bool TryGetPlayback(string path, out string contentType)
        => Playback.TryGetValue(Path.GetExtension(path), out contentType!);

    /// <summary>The type a stored object is kept with.</summary>
    public static string For(string key)
    {
        var extension = Path.GetExtension(key);
        return Playback.GetValueOrDefault(extension) ?? Stored.GetValueOrDefault(extension, "application/octet-stream");
    }
}
