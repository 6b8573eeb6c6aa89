using System.Diagnostics;
using System.Text;

namespace Netflix.Media.Tools;

/// <summary>
/// Runs ffmpeg and ffprobe as plain child processes, arguments passed as a list, through the same
/// <see cref="ToolLauncher"/> as the Xabe runner, started from <see cref="ProcessStarter"/>'s long-lived thread.
/// </summary>
public sealed class ProcessToolRunner(MediaToolchain toolchain, string? scratchDirectory = null) : IMediaToolRunner
{
    private readonly string _scratch = scratchDirectory ?? ToolScratch.DefaultDirectory;

    public async Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new ToolRun(_scratch);
        using var process = await StartAsync(MediaTool.FFprobe, toolchain.FFprobePath, run, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await WaitAsync(process, cancellationToken);
        return await stdout;
    }

    public async Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new ToolRun(_scratch);
        var (effective, progressWanted) = ToolRun.WithProgressOnStandardError(arguments, always: false);
        using var process = await StartAsync(MediaTool.FFmpeg, toolchain.FFmpegPath, run, effective);
        var drainStdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var follow = run.FollowAsync(process.WaitForExitAsync(CancellationToken.None), onOutputLine, progressWanted);
        try
        {
            await WaitAsync(process, cancellationToken);
        }
        finally
        {
            // Its error output is read to the end before the run's folder goes.
            await Task.WhenAll(follow, drainStdout);
        }

        if (process.ExitCode != 0)
        {
            throw new MediaToolException(MediaTool.FFmpeg, $"ffmpeg exited with code {process.ExitCode}.", run.ErrorText);
        }
    }

    private static async Task<Process> StartAsync(MediaTool tool, string path, ToolRun run, IReadOnlyList<string> arguments)
    {
        var launcher = ToolLauncher.Current;
        var info = new ProcessStartInfo(launcher.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in launcher.Arguments(path, run.ErrorFile, arguments))
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = await ProcessStarter.StartAsync(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MediaToolException(tool, $"Could not start {path}: {ex.Message}", string.Empty, ex);
        }

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
