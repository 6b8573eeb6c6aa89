using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Netflix.Media.Tools;

/// <summary>
/// The ffmpeg and ffprobe the platform runs, found and checked once at start so a missing or old install
/// fails with a clear message instead of the first upload.
/// </summary>
public sealed partial class MediaToolchain
{
    /// <summary>The oldest release with every option the pipeline uses (-fps_mode, hls_segment_options).</summary>
    public static readonly Version MinimumVersion = new(5, 1);

    private static readonly string[] RequiredEncoders = ["libx264", "aac"];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<MediaToolchain>> Located = new();

    private MediaToolchain(string directory, string ffmpegPath, string ffprobePath, string version)
    {
        Directory = directory;
        FFmpegPath = ffmpegPath;
        FFprobePath = ffprobePath;
        Version = version;
    }

    public string Directory { get; }

    public string FFmpegPath { get; }

    public string FFprobePath { get; }

    /// <summary>The version ffmpeg reports, e.g. "5.1.6-0+deb12u1".</summary>
    public string Version { get; }

    /// <summary>
    /// Finds ffmpeg and ffprobe in <paramref name="directory"/>, or on PATH when it is null, and checks that they
    /// run, are recent enough and have the encoders the ladder needs.
    /// </summary>
    /// <exception cref="MediaToolchainException">With a message that says what to install or configure.</exception>
    public static MediaToolchain Locate(string? directory)
    {
        // Each folder is checked once per process; a failed check is not remembered, so a fixed install is found.
        var key = directory ?? string.Empty;
        var lazy = Located.GetOrAdd(key, k => new Lazy<MediaToolchain>(() => Find(k.Length == 0 ? null : k)));
        try
        {
            return lazy.Value;
        }
        catch (MediaToolchainException)
        {
            Located.TryRemove(new KeyValuePair<string, Lazy<MediaToolchain>>(key, lazy));
            throw;
        }
    }

    private static MediaToolchain Find(string? directory)
    {
        var searched = string.IsNullOrWhiteSpace(directory)
            ? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [directory];

        var folder = searched.FirstOrDefault(dir => IsExecutable(Path.Combine(dir, "ffmpeg")) && IsExecutable(Path.Combine(dir, "ffprobe")));
        if (folder is null)
        {
            var where = string.IsNullOrWhiteSpace(directory) ? "on PATH" : $"in '{directory}'";
            throw new MediaToolchainException(
                $"ffmpeg and ffprobe were not found {where}. Install them (Debian/Ubuntu: apt-get install ffmpeg) " +
                "or set Media:ToolsDirectory to the folder that holds both.");
        }

        folder = Path.GetFullPath(folder);
        var ffmpeg = Path.Combine(folder, "ffmpeg");
        var ffprobe = Path.Combine(folder, "ffprobe");

        var versionText = ReadVersion(ffmpeg, "ffmpeg");
        ReadVersion(ffprobe, "ffprobe");
        if (ParseVersion(versionText) is { } parsed && parsed < MinimumVersion)
        {
            throw new MediaToolchainException(
                $"ffmpeg {versionText} in '{folder}' is too old: {MinimumVersion.ToString(2)} or newer is required.");
        }

        var encoders = RunForOutput(ffmpeg, ["-hide_banner", "-encoders"], "ffmpeg");
        var missing = RequiredEncoders.Where(name => !Regex.IsMatch(encoders, $@"^\s*\S+\s+{name}\s", RegexOptions.Multiline)).ToArray();
        if (missing.Length > 0)
        {
            throw new MediaToolchainException(
                $"ffmpeg in '{folder}' lacks the encoder(s) {string.Join(", ", missing)}; install a build with them.");
        }

        return new MediaToolchain(folder, ffmpeg, ffprobe, versionText);
    }

    /// <summary>Reads "5.1.6" from "5.1.6-0+deb12u1" or "n7.1"; null for builds named by commit ("N-112233-g…").</summary>
    internal static Version? ParseVersion(string text)
    {
        var match = VersionPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(major, minor);
    }

    private static string ReadVersion(string path, string name)
    {
        var output = RunForOutput(path, ["-hide_banner", "-version"], name);
        var match = VersionLinePattern().Match(output);
        if (!match.Success)
        {
            throw new MediaToolchainException($"'{path}' did not report a {name} version; is it really {name}?");
        }

        return match.Groups[1].Value;
    }

    private static string RunForOutput(string path, string[] arguments, string name)
    {
        try
        {
            var info = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new MediaToolchainException($"Could not start {name} at '{path}'.");
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                throw new MediaToolchainException($"{name} at '{path}' did not answer within 30 s.");
            }

            stderr.Wait();
            if (process.ExitCode != 0)
            {
                throw new MediaToolchainException($"{name} at '{path}' failed to run (exit code {process.ExitCode}): {stderr.Result.Trim()}");
            }

            return output;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MediaToolchainException($"{name} at '{path}' cannot be run: {ex.Message}", ex);
        }
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    [GeneratedRegex(@"^(?:ffmpeg|ffprobe) version (\S+)", RegexOptions.Multiline)]
    private static partial Regex VersionLinePattern();

    [GeneratedRegex(@"^n?(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}

public sealed class MediaToolchainException : Exception
{
    public MediaToolchainException()
    {
    }

    public MediaToolchainException(string message)
        : base(message)
    {
    }

    public MediaToolchainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
