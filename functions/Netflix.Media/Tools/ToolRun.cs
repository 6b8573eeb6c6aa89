using System.Text;

namespace Netflix.Media.Tools;

/// <summary>
/// One ffmpeg or ffprobe run's own files: a working folder in the runner's scratch folder holding the file the tool's
/// standard error goes to (its <c>-progress</c> report included). The file is read while the tool runs, each complete
/// line handed on as it appears, and read to its end once the tool has exited, so no line is ever lost. The folder
/// names its owner: one left behind by a host that died is swept at the next start.
/// </summary>
internal sealed class ToolRun : IDisposable
{
    private const int MaxErrorOutputChars = 64 * 1024;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly Scratch _scratch;
    private readonly StringBuilder _errors = new();
    private string? _lastProgress;

    public ToolRun(string scratchDirectory)
    {
        // Folders of a process that died are swept at this process's first run in the folder, not at every run.
        ToolScratch.SweepOnce(scratchDirectory);
        _scratch = Scratch.Create(scratchDirectory, "run");
        ErrorFile = _scratch.File("stderr.txt");
        File.WriteAllBytes(ErrorFile, []);
    }

    /// <summary>Where the tool writes its standard error.</summary>
    public string ErrorFile { get; }

    /// <summary>What the tool wrote to standard error, progress lines left out.</summary>
    public string ErrorText
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// The arguments with ffmpeg's progress report sent to standard error (with everything else it says), and whether
    /// the caller asked for one. A run that asked for none gets one when <paramref name="always"/> is set.
    /// </summary>
    public static (IReadOnlyList<string> Arguments, bool ProgressWanted) WithProgressOnStandardError(IReadOnlyList<string> arguments, bool always)
    {
        var effective = arguments.ToList();
        for (var i = 0; i + 1 < effective.Count; i++)
        {
            if (effective[i] == "-progress")
            {
                effective[i + 1] = "pipe:2";
                return (effective, true);
            }
        }

        if (always)
        {
            effective.InsertRange(0, ["-progress", "pipe:2"]);
        }

        return (effective, false);
    }

    /// <summary>
    /// Follows the file until <paramref name="exited"/> completes, then reads it to its end. Every line but progress
    /// lines goes to <paramref name="onLine"/>, progress lines too when <paramref name="withProgress"/> is set. True when
    /// the tool's last progress word was <c>progress=end</c>, which ffmpeg writes once its run has completed.
    /// </summary>
    public async Task<bool> FollowAsync(Task exited, Action<string>? onLine, bool withProgress)
    {
        await using var stream = new FileStream(ErrorFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];

        while (true)
        {
            var done = exited.IsCompleted;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                pending.Append(chars, 0, count);
                DeliverCompleteLines(pending, onLine, withProgress);
            }

            if (done)
            {
                break;
            }

            await Task.WhenAny(exited, Task.Delay(PollInterval));
        }

        // A last line without its newline is still a line.
        if (pending.Length > 0)
        {
            Deliver(pending.ToString().TrimEnd('\r'), onLine, withProgress);
        }

        return _lastProgress == "progress=end";
    }

    public void Dispose() => _scratch.Dispose();

    private void DeliverCompleteLines(StringBuilder pending, Action<string>? onLine, bool withProgress)
    {
        var text = pending.ToString();
        var start = 0;
        int newline;
        while ((newline = text.IndexOf('\n', start)) >= 0)
        {
            Deliver(text[start..newline].TrimEnd('\r'), onLine, withProgress);
            start = newline + 1;
        }

        pending.Remove(0, start);
    }

    private void Deliver(string line, Action<string>? onLine, bool withProgress)
    {
        if (ProgressReport.IsProgressLine(line))
        {
            if (line.StartsWith("progress=", StringComparison.Ordinal))
            {
                _lastProgress = line;
            }

            if (withProgress)
            {
                onLine?.Invoke(line);
            }

            return;
        }

        lock (_errors)
        {
            if (_errors.Length < MaxErrorOutputChars)
            {
                _errors.AppendLine(line);
            }
        }

        onLine?.Invoke(line);
    }
}
