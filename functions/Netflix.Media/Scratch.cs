using System.Diagnostics;
using System.Globalization;

namespace Netflix.Media;

/// <summary>
/// A step's private working folder under the job's temp area. Its output is moved into place only when complete,
/// the file that marks the step done last; the folder is removed however the step ends. A step killed with its
/// process leaves its folder behind: the folder names its owner and is kept fresh while the owner lives, so the next
/// step in the job sweeps away what a dead owner left (at once on the same machine, after a while on another
/// machine sharing the folder). The media tools' run folders (<see cref="Tools.ToolRun"/>) are working folders too.
/// </summary>
internal sealed class Scratch : IDisposable
{
    private const string OwnerFile = ".owner";

    /// <summary>How often a live owner freshens its folder, and how stale a folder must be before another machine takes it for dead.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>"machine boot process start": the same machine is the same name and boot; the process, its id and start time.</summary>
    private static readonly string Owner = string.Create(
        CultureInfo.InvariantCulture, $"{Environment.MachineName} {BootId()} {Environment.ProcessId} {Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks}");

    private readonly Timer _heartbeat;

    private Scratch(string path)
    {
        Path = path;

        // Whole or absent, never half-written, for a sweeper on another machine that reads it at that moment.
        var temp = OwnerPath + ".tmp";
        System.IO.File.WriteAllText(temp, Owner);
        System.IO.File.Move(temp, OwnerPath);
        _heartbeat = new Timer(_ => Freshen(), null, Heartbeat, Heartbeat);
    }

    public string Path { get; }

    private string OwnerPath => System.IO.Path.Combine(Path, OwnerFile);

    public static Scratch Create(JobLayout layout, string purpose)
    {
        SweepStale(layout);
        return new Scratch(layout.NewTempDirectory(purpose));
    }

    /// <summary>
    /// A working folder in <paramref name="parent"/>, outside any job (a tool run's own files). Nothing is swept here:
    /// such a folder is one instance's own, so the caller sweeps it once (<see cref="SweepStale(string)"/>), not at
    /// every run.
    /// </summary>
    public static Scratch Create(string parent, string purpose)
    {
        var path = System.IO.Path.Combine(parent, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new Scratch(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Moves the files of <paramref name="from"/> (this folder or one below it) into <paramref name="to"/>, the
    /// <paramref name="marker"/> file last. Returns the total size of the moved files that <paramref name="counted"/> selects.
    /// </summary>
    public static long Publish(string from, string to, string marker, Func<string, bool>? counted = null)
    {
        Directory.CreateDirectory(to);
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(from).Where(f => System.IO.Path.GetFileName(f) is var name && name != marker && name != OwnerFile))
        {
            if (counted?.Invoke(file) == true)
            {
                bytes += new FileInfo(file).Length;
            }

            System.IO.File.Move(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        System.IO.File.Move(System.IO.Path.Combine(from, marker), System.IO.Path.Combine(to, marker), overwrite: true);
        return bytes;
    }

    /// <summary>Removes the working folders in the job's temp area whose owner is gone; returns how many.</summary>
    public static int SweepStale(JobLayout layout) => SweepStale(layout.TempDirectory);

    /// <summary>Removes the working folders in <paramref name="parent"/> whose owner is gone; returns how many.</summary>
    public static int SweepStale(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            try
            {
                if (IsOrphan(folder))
                {
                    Directory.Delete(folder, recursive: true);
                    removed++;
                }
            }
            catch (IOException)
            {
                // Its owner removed it, or it is being written: it is looked at again by the next step.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    /// <summary>Before the folder itself is moved into place as a step's output: it stops being a working folder.</summary>
    public void Detach()
    {
        _heartbeat.Dispose();
        System.IO.File.Delete(OwnerPath);
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private void Freshen()
    {
        try
        {
            System.IO.File.SetLastWriteTimeUtc(OwnerPath, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // The folder is being removed.
        }
    }

    private static bool IsOrphan(string folder)
    {
        var ownerPath = System.IO.Path.Combine(folder, OwnerFile);
        var owner = System.IO.File.Exists(ownerPath) ? System.IO.File.ReadAllText(ownerPath).Split(' ') : [];
        var freshness = System.IO.File.Exists(ownerPath) ? System.IO.File.GetLastWriteTimeUtc(ownerPath) : Directory.GetLastWriteTimeUtc(folder);
        if (owner is [var machine, var boot, var pid, var started] && machine == Environment.MachineName && boot == BootId()
            && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return !IsAlive(id, ticks);
        }

        // Another machine's (or an unreadable) folder: dead only once its owner stopped freshening it.
        return DateTime.UtcNow - freshness > StaleAfter;
    }

    /// <summary>This boot of this machine (Linux); a machine name alone can be shared by containers.</summary>
    private static string BootId()
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static bool IsAlive(int pid, long startedTicks)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks == startedTicks;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
