namespace Netflix.Azure.Storage;

/// <summary>The Content-Type a blob is stored with, so the CDN serves media with the type players expect.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".m4s"] = "video/iso.segment",
        [".mp4"] = "video/mp4",
        [".ts"] = "video/mp2t",
        [".mov"] = "video/quicktime",
        [".mkv"] = "video/x-matroska",
        [".webm"] = "video/webm",
        [".jpg"] = "image/jpeg",
        [".vtt"] = "text/vtt; charset=utf-8",
        [".json"] = "application/json",
    };

    public static string For(string key) => ByExtension.GetValueOrDefault(Path.GetExtension(key), "application/octet-stream");
}
