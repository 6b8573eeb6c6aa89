using System.Text;

namespace Netflix.Media.Tools;

/// <summary>
/// A temporary file that ffmpeg writes its <c>-progress</c> report to. It is read while ffmpeg runs (each complete
/// line is handed on as it appears) and read to its end once ffmpeg has exited, so the last line is never lost.
/// </summary>
internal sealed class ProgressFile : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public ProgressFile()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netflix-progress-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(Path, []);
    }

    public string Path { get; }

    /// <summary>Follows the file until <paramref name="run"/> completes; true when ffmpeg's last word was <c>progress=end</c>.</summary>
    public async Task<bool> TailAsync(Task run, Action<string>? onLine)
    {
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        string? lastProgress = null;

        while (true)
        {
            var exited = run.IsCompleted;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                pending.Append(chars, 0, count);
                lastProgress = Deliver(pending, onLine) ?? lastProgress;
            }

            if (exited)
            {
                break;
            }

            await Task.WhenAny(run, Task.Delay(PollInterval));
        }

        // A last line without its newline is still a line.
        if (pending.Length > 0)
        {
            var line = pending.ToString().TrimEnd('\r');
            onLine?.Invoke(line);
            if (line.StartsWith("progress=", StringComparison.Ordinal))
            {
                lastProgress = line;
            }
        }

        return lastProgress == "progress=end";
    }

    private static string? Deliver(StringBuilder pending, Action<string>? onLine)
    {
        string? lastProgress = null;
        var text = pending.ToString();
        var start = 0;
        int newline;
        while ((newline = text.IndexOf('\n', start)) >= 0)
        {
            var line = text[start..newline].TrimEnd('\r');
            start = newline + 1;
            onLine?.Invoke(line);
            if (line.StartsWith("progress=", StringComparison.Ordinal))
            {
                lastProgress = line;
            }
        }

        pending.Remove(0, start);
        return lastProgress;
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is the operating system's to clean.
        }
    }
}
