using System.Globalization;

namespace Netflix.Media;

/// <summary>
/// Where a job's files live, relative to its folder. Every name is derived from the plan, so a step that is run
/// again finds (or overwrites) exactly what an earlier run made.
/// </summary>
public sealed class JobLayout
{
    public JobLayout(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string ChunksDirectory => Path.Combine(Root, "work", "chunks");

    /// <summary>Identifies the source and plan the folder's files were made for.</summary>
    public string Fingerprint => Path.Combine(Root, "work", "plan.fingerprint");

    /// <summary>The analysis's plan and planned chunks, which every later step reads (requests carry only the plan's id).</summary>
    public string PlanFile => Path.Combine(Root, "work", "plan.json");

    /// <summary>Present once the job was given up: running steps stop and later ones refuse to start.</summary>
    public string AbandonedMarker => Path.Combine(Root, "work", "abandoned");

    /// <summary>What decoding a finished chunk's renditions found, kept so a repeated chunk task does not decode again.</summary>
    public string ChunkCheck(int index) => Path.Combine(Root, "work", "checks", string.Create(CultureInfo.InvariantCulture, $"c{index:D5}.json"));

    /// <summary>Written last by the split step: the chunk list it produced.</summary>
    public string SplitManifest => Path.Combine(ChunksDirectory, "chunks.json");

    public string HlsDirectory => Path.Combine(Root, "hls");

    public string MasterPlaylist => Path.Combine(HlsDirectory, "master.m3u8");

    public string AudioDirectory => Path.Combine(HlsDirectory, AudioName);

    public string ThumbnailsDirectory => Path.Combine(Root, "thumbs");

    public string Poster => Path.Combine(ThumbnailsDirectory, "poster.jpg");

    public string StoryboardVtt => Path.Combine(ThumbnailsDirectory, "storyboard.vtt");

    public string TempDirectory => Path.Combine(Root, "work", "tmp");

    public const string AudioName = "audio";

    /// <summary>The audio encoder's own complete playlist; the stitcher derives the published one from it.</summary>
    public const string EncodedAudioPlaylistName = "encoded.m3u8";

    public const string MediaPlaylistName = "index.m3u8";

    public const string SharedInitName = "init.mp4";

    public string ChunkFile(int index) => Path.Combine(ChunksDirectory, ChunkFileName(index));

    public static string ChunkFileName(int index) => string.Create(CultureInfo.InvariantCulture, $"chunk_{index:D5}.mp4");

    public string RenditionDirectory(string rendition) => Path.Combine(HlsDirectory, rendition);

    public string MediaPlaylist(string rendition) => Path.Combine(RenditionDirectory(rendition), MediaPlaylistName);

    public static string ChunkPlaylistName(int chunk) => string.Create(CultureInfo.InvariantCulture, $"c{chunk:D5}.m3u8");

    public static string ChunkInitName(int chunk) => string.Create(CultureInfo.InvariantCulture, $"init_c{chunk:D5}.mp4");

    public static string ChunkSegmentPattern(int chunk) => string.Create(CultureInfo.InvariantCulture, $"c{chunk:D5}_%03d.m4s");

    public string StoryboardSheet(int index) => Path.Combine(ThumbnailsDirectory, StoryboardSheetName(index));

    public static string StoryboardSheetName(int index) => string.Create(CultureInfo.InvariantCulture, $"storyboard_{index:D3}.jpg");

    /// <summary>A fresh folder for one attempt's output, moved into place only when the attempt succeeds.</summary>
    public string NewTempDirectory(string purpose)
    {
        var path = Path.Combine(TempDirectory, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
