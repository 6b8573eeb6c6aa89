using Xabe.FFmpeg;
using Xabe.FFmpeg.Exceptions;

namespace Netflix.Media.Tools;

/// <summary>
/// Runs ffmpeg and ffprobe through Xabe.FFmpeg. Xabe takes one argument string, so the list is joined with
/// <see cref="CommandLine.Join"/>, which the process start-up splits back into exactly the same list. Xabe starts the
/// <see cref="ToolLauncher"/>, which runs the tool: so it dies with the host, and its error output goes to a file read
/// to its end (Xabe stops reading standard error once the process has exited, and loses the last lines of a run that
/// ends at once). Whether a run finished is read from ffmpeg's progress report, never from Xabe, which cannot report
/// an exit code. Xabe starts each process from a thread of its own that waits for the process to exit, so the
/// parent-death signal, which follows the starting thread, cannot fire while the tool runs.
/// </summary>
public sealed class XabeToolRunner : IMediaToolRunner
{
    private readonly MediaToolchain _toolchain;
    private readonly ToolLauncher _launcher = ToolLauncher.Current;
    private readonly string _scratch;

    public XabeToolRunner(MediaToolchain toolchain, string? scratchDirectory = null)
    {
        _toolchain = toolchain;
        _scratch = scratchDirectory ?? ToolScratch.DefaultDirectory;

        // Xabe starts what it finds under the two names in one folder, process-wide: the launcher for both.
        var launcher = Path.GetFileName(_launcher.Program);
        FFmpeg.SetExecutablesPath(Path.GetDirectoryName(_launcher.Program), launcher, launcher, FileNameFilterMethod.Exact);
    }

    public async Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new ToolRun(_scratch);
        try
        {
            var output = await Probe.New().Start(CommandLine.Join(_launcher.Arguments(_toolchain.FFprobePath, run.ErrorFile, arguments)), cancellationToken);

            // Xabe kills ffprobe on cancellation but hands back what it printed so far, which would read as a short file.
            cancellationToken.ThrowIfCancellationRequested();
            return output;
        }
        catch (FFmpegNotFoundException ex)
        {
            throw new MediaToolException(MediaTool.FFprobe, ex.Message, string.Empty, ex);
        }
    }

    public async Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        // The progress report decides whether the run finished: a run that asked for none gets one all the same.
        using var run = new ToolRun(_scratch);
        var (effective, progressWanted) = ToolRun.WithProgressOnStandardError(arguments, always: true);

        // Xabe's own cancellation writes to ffmpeg's closed stdin from a callback that can crash the process, so it
        // runs without a token and the child is killed here instead: every 100 ms until it is gone, since a
        // cancellation can land before the process exists.
        cancellationToken.ThrowIfCancellationRequested();
        var started = FFmpeg.Conversions.New().Start(CommandLine.Join(_launcher.Arguments(_toolchain.FFmpegPath, run.ErrorFile, effective)), CancellationToken.None);
        await using var killOnCancel = cancellationToken.Register(() => _ = KillUntilDoneAsync(started, effective));
        var follow = run.FollowAsync(started, onOutputLine, progressWanted);
        ConversionException? failure = null;
        try
        {
            await started;
        }
        catch (ConversionException ex)
        {
            failure = ex;
        }
        catch (FFmpegNotFoundException ex)
        {
            await follow;
            throw new MediaToolException(MediaTool.FFmpeg, ex.Message, string.Empty, ex);
        }

        var finished = await follow;
        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("ffmpeg was cancelled.", failure, cancellationToken);
        }

        // ffmpeg's own "progress=end", written once its run has completed, decides; a complaint about the input (a
        // damaged frame, say) that ffmpeg itself got through does not fail the run.
        if (!finished)
        {
            var errors = run.ErrorText;
            throw new MediaToolException(
                MediaTool.FFmpeg,
                failure is null ? "ffmpeg stopped before finishing." : "ffmpeg failed.",
                errors.Length > 0 || failure is null ? errors : failure.Message,
                failure);
        }
    }

    private async Task KillUntilDoneAsync(Task run, IReadOnlyList<string> arguments)
    {
        while (!run.IsCompleted)
        {
            ChildProcesses.Kill(_toolchain.FFmpegPath, arguments);
            await Task.WhenAny(run, Task.Delay(100));
        }
    }
}
