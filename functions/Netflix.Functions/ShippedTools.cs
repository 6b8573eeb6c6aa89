namespace Netflix.Functions;

/// <summary>
/// The deployment carries a pinned static ffmpeg and ffprobe under tools/ffmpeg (checked against their SHA-256 by
/// the prepackage hook). The package is mounted read-only and without the execute bit, so at start they are copied
/// to a temp folder and made executable; a configured folder wins.
/// </summary>
public static class ShippedTools
{
    public static string? Prepare(string appDirectory, string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var shipped = Path.Combine(appDirectory, "tools", "ffmpeg");
        if (!File.Exists(Path.Combine(shipped, "ffmpeg")))
        {
            return null;
        }

        var target = Path.Combine(Path.GetTempPath(), "netflix-tools");
        Directory.CreateDirectory(target);
        foreach (var name in new[] { "ffmpeg", "ffprobe" })
        {
            var destination = Path.Combine(target, name);
            var source = Path.Combine(shipped, name);
            if (!File.Exists(destination) || new FileInfo(destination).Length != new FileInfo(source).Length)
            {
                File.Copy(source, destination + ".part", overwrite: true);
                File.Move(destination + ".part", destination, overwrite: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return target;
    }
}
