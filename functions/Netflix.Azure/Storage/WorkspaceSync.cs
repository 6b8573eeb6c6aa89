using System.Text.Json;
using Netflix.Core.Storage;

namespace Netflix.Azure.Storage;

/// <summary>
/// On Azure the media tools work in a folder every instance shares (an Azure Files mount laid out like the store:
/// "sources/…" and "media/{videoId}/…"), while uploads arrive in, and players read from, the media store. This
/// brings a job's source into that folder before the first step reads it, and copies what a step published (the
/// HLS folder after each stitch, the thumbnails) into the store, so a title is playable from the CDN as early as it
/// is on one machine. Both directions are idempotent: a retried activity copies only what is missing or changed.
/// </summary>
public sealed class WorkspaceSync(IMediaStore store, string workspaceRoot)
{
    /// <summary>The job folder's published parts: the HLS tree and the thumbnails.</summary>
    public const string HlsFolder = "hls";

    public const string ThumbnailsFolder = "thumbs";

    private readonly string _root = Path.GetFullPath(workspaceRoot);

    /// <summary>
    /// Copies the source to the shared folder unless a complete copy is there already; returns the local path. Each
    /// copy is written under a name of its own and moved into place only if no complete copy arrived meanwhile, so a
    /// duplicate delivery neither blocks on another's partial file nor replaces a copy steps already read.
    /// </summary>
    public async Task<string> StageSourceAsync(string sourceKey, CancellationToken cancellationToken)
    {
        var local = LocalPath(sourceKey);
        var stored = await store.StatAsync(sourceKey, cancellationToken)
            ?? throw new FileNotFoundException($"The source '{sourceKey}' is not in the media store.");
        if (IsComplete(local, stored.Length))
        {
            return local;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        var partial = $"{local}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var source = await store.OpenReadAsync(sourceKey, 0, null, cancellationToken))
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, 1 << 20, cancellationToken);
            }

            if (new FileInfo(partial).Length != stored.Length)
            {
                throw new IOException($"The copy of '{sourceKey}' came out at a different length than the stored object.");
            }

            if (!IsComplete(local, stored.Length))
            {
                // A copy cut short by a crash is replaced; a complete one that won the race stays.
                File.Move(partial, local, overwrite: true);
            }
        }
        finally
        {
            File.Delete(partial);
        }

        return local;
    }

    private static bool IsComplete(string path, long length) => File.Exists(path) && new FileInfo(path).Length == length;

    /// <summary>
    /// Copies a job's published folder ("hls" or "thumbs") into the store: media files not copied before (segments
    /// never change once written; a record in the job's work folder says which were copied, so a publish costs one
    /// call per new file, never one per file already there), and every playlist, which grows as chunks finish.
    /// Files still being written (".part", ".tmp", "tmp" folders) are left alone. Returns how many files were copied.
    /// </summary>
    public async Task<int> PublishAsync(string videoId, string folder, CancellationToken cancellationToken)
    {
        if (folder is not (HlsFolder or ThumbnailsFolder))
        {
            throw new ArgumentException("Only the hls and thumbs folders are published.", nameof(folder));
        }

        var prefix = StoreKeys.Media(videoId, folder + "/");
        var directory = LocalPath(prefix);
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var recordPath = LocalPath(StoreKeys.WorkPrefix(videoId) + $"published-{folder}.json");
        var published = await ReadRecordAsync(recordPath, cancellationToken);

        // Segments before playlists, so a playlist never names a segment the store does not have yet.
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal)
                && !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Contains("tmp", StringComparer.Ordinal))
            .OrderBy(f => IsIndex(f) ? 1 : 0)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
        var copied = 0;
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            var length = new FileInfo(file).Length;
            if (!IsIndex(file) && published.TryGetValue(relative, out var copiedLength) && copiedLength == length)
            {
                continue;
            }

            await using (var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                await store.PutAsync(prefix + relative, content, cancellationToken);
            }

            published[relative] = length;
            copied++;
        }

        if (copied > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(recordPath)!);
            var temp = $"{recordPath}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(published), cancellationToken);
            File.Move(temp, recordPath, overwrite: true);
        }

        return copied;
    }

    /// <summary>What earlier publishes copied (relative path → length); empty when unreadable, which only costs copying again.</summary>
    private static async Task<Dictionary<string, long>> ReadRecordAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, long>>(await File.ReadAllTextAsync(path, cancellationToken)) ?? []
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// Drops what a finished (published or failed) job left in the shared folder: its work files, its outputs and the
    /// staged copy of its source. The outputs and the original are in the store; a retried activity finds nothing to do.
    /// </summary>
    public void CleanUp(string videoId, string sourceKey)
    {
        foreach (var folder in new[] { LocalPath(StoreKeys.MediaPrefix(videoId)), Path.GetDirectoryName(LocalPath(sourceKey))! })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static bool IsIndex(string file) => Path.GetExtension(file) is ".m3u8" or ".vtt" or ".json";

    private string LocalPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is not inside the workspace.", nameof(key));
    }
}
