namespace Netflix.Media.Tools;

public enum MediaTool
{
    FFmpeg,
    FFprobe,
}

/// <summary>
/// Runs ffmpeg or ffprobe. Every media command in the platform goes through this one interface, so a
/// deployment can swap the runner (the default drives the tools through Xabe.FFmpeg).
/// </summary>
public interface IMediaToolRunner
{
    /// <summary>Runs ffprobe and returns what it wrote to standard output.</summary>
    Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Runs ffmpeg to completion. Every line ffmpeg writes to standard error goes to <paramref name="onOutputLine"/>
    /// before the call returns (progress lines only when the arguments ask for a <c>-progress</c> report), so a verdict
    /// drawn from them does not depend on how quickly ffmpeg exited.
    /// Throws <see cref="MediaToolException"/> when ffmpeg fails and <see cref="OperationCanceledException"/>
    /// once the process has been killed after cancellation.
    /// </summary>
    Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken);
}

/// <summary>ffmpeg or ffprobe failed; the message carries the tail of what the tool printed.</summary>
public sealed class MediaToolException : Exception
{
    public MediaToolException(MediaTool tool, string message, string output, Exception? innerException = null)
        : base(WithTail(message, output), innerException)
    {
        Tool = tool;
        Output = output;
    }

    public MediaToolException()
        : this(MediaTool.FFmpeg, "The media tool failed.", string.Empty)
    {
    }

    public MediaToolException(string message)
        : this(MediaTool.FFmpeg, message, string.Empty)
    {
    }

    public MediaToolException(string message, Exception innerException)
        : this(MediaTool.FFmpeg, message, string.Empty, innerException)
    {
    }

    public MediaTool Tool { get; }

    /// <summary>The tool's own error output (standard error for ffmpeg).</summary>
    public string Output { get; }

    /// <summary>The last few meaningful lines of <see cref="Output"/>, for a failure reason.</summary>
    public string OutputTail(int lines = 5) => Tail(Output, lines);

    private static string Tail(string output, int lines)
    {
        var meaningful = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !ProgressReport.IsProgressLine(line))
            .ToArray();
        return string.Join(" | ", meaningful.Skip(Math.Max(0, meaningful.Length - lines)));
    }

    private static string WithTail(string message, string output)
        => Tail(output, 3) is { Length: > 0 } tail ? $"{message} {tail}" : message;
}
