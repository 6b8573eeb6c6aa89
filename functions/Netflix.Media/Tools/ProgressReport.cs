using System.Globalization;

namespace Netflix.Media.Tools;

/// <summary>
/// Reads the key=value lines ffmpeg writes with <c>-progress pipe:2</c>. Only <c>out_time_us</c> matters:
/// it is how far into the output ffmpeg has got.
/// </summary>
public static class ProgressReport
{
    private static readonly string[] ProgressKeys =
    [
        "frame=", "fps=", "stream_", "bitrate=", "total_size=", "out_time", "dup_frames=", "drop_frames=", "speed=", "progress=",
    ];

    /// <summary>The output position a line reports, or null if it reports none.</summary>
    public static TimeSpan? TryReadOutTime(string line)
    {
        const string Key = "out_time_us=";
        if (!line.StartsWith(Key, StringComparison.Ordinal))
        {
            return null;
        }

        return long.TryParse(line.AsSpan(Key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros) && micros >= 0
            ? TimeSpan.FromMicroseconds(micros)
            : null;
    }

    public static bool IsProgressLine(string line) => ProgressKeys.Any(key => line.StartsWith(key, StringComparison.Ordinal));
}
