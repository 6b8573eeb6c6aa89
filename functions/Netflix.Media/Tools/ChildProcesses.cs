using System.Diagnostics;
using System.Globalization;

namespace Netflix.Media.Tools;

/// <summary>
/// Finds this process's own children by their exact command line, for runners that start a tool without handing
/// back its process. A tool started through the <see cref="ToolLauncher"/> ends its command line with the tool and
/// its arguments at every step (launcher, shell, tool), so the command line is matched on its end. Reads /proc, so it
/// works on Linux and finds nothing elsewhere.
/// </summary>
internal static class ChildProcesses
{
    public static IReadOnlyList<int> Find(string executable, IReadOnlyList<string> arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var expected = string.Join('\0', [executable, .. arguments]) + "\0";
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (ParentOf(File.ReadAllText(Path.Combine(directory, "stat"))) == self
                    && File.ReadAllText(Path.Combine(directory, "cmdline")) is var cmdline
                    && (cmdline == expected || cmdline.EndsWith("\0" + expected, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // It ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Kills this process's children started with exactly these arguments.</summary>
    public static void Kill(string executable, IReadOnlyList<string> arguments)
    {
        foreach (var pid in Find(executable, arguments))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>Waits until no such child is left, killing any still there after <paramref name="grace"/>.</summary>
    public static async Task EnsureGoneAsync(string executable, IReadOnlyList<string> arguments, TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        while (Find(executable, arguments) is { Count: > 0 } children)
        {
            if (clock.Elapsed > grace)
            {
                foreach (var pid in children)
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill();
                        await process.WaitForExitAsync(CancellationToken.None);
                    }
                    catch (ArgumentException)
                    {
                        // Already gone.
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }

                return;
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>The parent pid from /proc/[pid]/stat; the command name before it may hold spaces and parentheses.</summary>
    internal static int ParentOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
