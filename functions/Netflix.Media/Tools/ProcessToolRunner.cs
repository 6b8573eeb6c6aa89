using System.Diagnostics;
using System.Text;

namespace Netflix.Media.Tools;

/// <summary>Runs ffmpeg and ffprobe as plain child processes, arguments passed as a list.</summary>
public sealed class ProcessToolRunner(MediaToolchain toolchain) : IMediaToolRunner
{
    private const int MaxErrorOutputChars = 64 * 1024;

    public async Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(toolchain.FFprobePath, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await WaitAsync(process, cancellationToken);
        await stderr;
        return await stdout;
    }

    public async Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        using var process = Start(toolchain.FFmpegPath, arguments);
        var errors = new StringBuilder();
        var reader = Task.Run(
            async () =>
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    onOutputLine?.Invoke(line);
                    if (ProgressReport.IsProgressLine(line))
                    {
                        continue;
                    }

                    lock (errors)
                    {
                        if (errors.Length < MaxErrorOutputChars)
                        {
                            errors.AppendLine(line);
                        }
                    }
                }
            },
            CancellationToken.None);
        var drainStdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);

        await WaitAsync(process, cancellationToken);
        await Task.WhenAll(reader, drainStdout);

        if (process.ExitCode != 0)
        {
            string output;
            lock (errors)
            {
                output = errors.ToString();
            }

            throw new MediaToolException(MediaTool.FFmpeg, $"ffmpeg exited with code {process.ExitCode}.", output);
        }
    }

    private static Process Start(string path, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new MediaToolException(MediaTool.FFmpeg, $"Could not start {path}.", string.Empty);
        process.StandardInput.Close();
        return process;
    }

    private static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the cancellation and the kill.
            }

            // Reap it before reporting, so no process outlives the cancelled call.
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
    }
}
