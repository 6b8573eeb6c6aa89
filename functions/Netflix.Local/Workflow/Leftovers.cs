using System.Diagnostics;
using System.Globalization;
using Netflix.Media.Tools;

namespace Netflix.Local.Workflow;

/// <summary>
/// What a host that died (killed, or out of power) leaves behind: ffmpeg processes still working for it, and their
/// temporary folders. Cleared at start, before any workflow resumes.
/// </summary>
public static partial class Leftovers
{
    /// <summary>Kills ffmpeg/ffprobe processes that work on files under <paramref name="root"/> and are not this process's children.</summary>
    public static int KillOrphans(string root)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var self = Environment.ProcessId;
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var tool = Path.GetFileName(arguments[0]);
                if (tool is not ("ffmpeg" or "ffprobe") || !arguments.Any(a => a.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == self)
                {
                    continue;
                }

                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
                killed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone already, or not ours to touch.
            }
        }

        return killed;
    }

    /// <summary>
    /// Removes every job's temporary folder (no activity runs yet, so nothing in them is in use) and the media tools'
    /// run folders whose owner is gone; returns how many folders went.
    /// </summary>
    public static int RemoveTemporaryFiles(string mediaRoot, string toolScratch)
    {
        var removed = ToolScratch.SweepOrphans(toolScratch);
        if (!Directory.Exists(mediaRoot))
        {
            return removed;
        }

        foreach (var job in Directory.EnumerateDirectories(mediaRoot))
        {
            var temp = Path.Combine(job, "work", "tmp");
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
                removed++;
            }
        }

        return removed;
    }
}
