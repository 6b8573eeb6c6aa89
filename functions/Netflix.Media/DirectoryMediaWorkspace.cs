using System.Text.RegularExpressions;
using Netflix.Core.Media;

namespace Netflix.Media;

/// <summary>
/// A workspace in one folder: sources by their key below it, each job's files under <c>{jobsFolder}/{videoId}</c>.
/// Keys and ids that would reach outside the folder are refused.
/// </summary>
public sealed partial class DirectoryMediaWorkspace(string root, string jobsFolder = "jobs") : IMediaWorkspace
{
    private readonly string _root = ValidRoot(root);

    public string GetSourcePath(MediaJob job) => Inside(Path.Combine(_root, job.SourceKey), job.SourceKey);

    public string GetJobDirectory(MediaJob job)
    {
        if (!SafeId().IsMatch(job.VideoId))
        {
            throw new ArgumentException($"'{job.VideoId}' is not a valid video id.", nameof(job));
        }

        return Path.Combine(_root, jobsFolder, job.VideoId);
    }

    private string Inside(string path, string key)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is outside the media workspace.", nameof(key));
        }

        return full;
    }

    /// <summary>ffmpeg reads '%' in output names as a pattern, so a workspace path must not contain it.</summary>
    private static string ValidRoot(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return full.Contains('%', StringComparison.Ordinal)
            ? throw new ArgumentException($"The media workspace '{full}' must not contain '%': ffmpeg reads it as a file-name pattern.", nameof(root))
            : full;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex SafeId();
}
