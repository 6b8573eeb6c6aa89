using System.Globalization;

namespace Netflix.Media.Transcoding;

/// <summary>
/// Builds an ffmpeg argument list. Paths must be absolute, so none can be read as an option or a protocol;
/// numbers are written in the invariant culture.
/// </summary>
internal sealed class FFmpegArguments
{
    private readonly List<string> _arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-progress", "pipe:2", "-nostats"];

    public FFmpegArguments Add(string option)
    {
        _arguments.Add(option);
        return this;
    }

    public FFmpegArguments Add(string option, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, option);
        _arguments.Add(option);
        _arguments.Add(value);
        return this;
    }

    public FFmpegArguments Add(string option, long value) => Add(option, value.ToString(CultureInfo.InvariantCulture));

    public FFmpegArguments Add(string option, TimeSpan value) => Add(option, Seconds(value));

    public FFmpegArguments AddIf(bool condition, string option, long value) => condition ? Add(option, value) : this;

    /// <summary>Adds <c>-threads n</c> unless n is 0 (let ffmpeg decide).</summary>
    public FFmpegArguments Threads(int threads) => threads > 0 ? Add("-threads", threads) : this;

    public FFmpegArguments Input(string path, TimeSpan? seek = null)
    {
        if (seek is { } position && position > TimeSpan.Zero)
        {
            Add("-ss", position);
        }

        return Add("-i", Absolute(path));
    }

    /// <summary>Reads files back to back as one input (an fMP4 init segment, then a media segment).</summary>
    public FFmpegArguments InputConcat(params string[] paths)
    {
        foreach (var path in paths)
        {
            if (path.Contains('|', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{path}' cannot be joined: it contains '|'.", nameof(paths));
            }
        }

        return Add("-i", "concat:" + string.Join('|', paths.Select(Absolute)));
    }

    public FFmpegArguments Output(string path)
    {
        _arguments.Add(Absolute(path));
        return this;
    }

    public IReadOnlyList<string> Build() => _arguments.ToArray();

    /// <summary>Seconds with microsecond precision, the way ffmpeg reads durations.</summary>
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Absolute(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"Media paths must be absolute: '{path}'.", nameof(path));
        }

        return path;
    }
}
