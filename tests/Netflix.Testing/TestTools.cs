using System.Diagnostics;
using System.Text;

namespace Netflix.Testing;

/// <summary>Runs ffmpeg and ffprobe directly for test set-up and for checks independent of the code under test.</summary>
public static class TestTools
{
    public static string FFmpeg(params string[] arguments) => Run("ffmpeg", arguments);

    /// <summary>A clip with motion and a tone (H.264 + AAC, a keyframe a second), made unless it exists already.</summary>
    public static string MakeClip(string path, string size, int seconds)
    {
        if (!File.Exists(path))
        {
            FFmpeg(
                "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=30:duration={seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac", "-shortest", path);
        }

        return path;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FFprobe(params string[] arguments) => Run("ffprobe", arguments);

    public static (int ExitCode, string Stdout, string Stderr) TryRun(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string Run(string tool, string[] arguments)
    {
        var (code, stdout, stderr) = TryRun(tool, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({code}): {stderr}");
        }

        return stdout;
    }

    /// <summary>Command lines of running ffmpeg/ffprobe processes that mention <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> ProcessesMentioning(string marker)
        => MediaProcesses(marker).Select(p => p.CommandLine).ToList();

    /// <summary>The ids of running ffmpeg or ffprobe processes whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> ProcessIdsMentioning(string marker)
        => MediaProcesses(marker).Select(p => p.Id).ToList();

    private static List<(int Id, string CommandLine)> MediaProcesses(string marker)
    {
        var found = new List<(int Id, string CommandLine)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if ((cmdline.Contains("ffmpeg", StringComparison.Ordinal) || cmdline.Contains("ffprobe", StringComparison.Ordinal))
                    && cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add((pid, cmdline));
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
