using System.Text;
using Xabe.FFmpeg;
using Xabe.FFmpeg.Exceptions;

namespace Netflix.Media.Tools;

/// <summary>
/// Runs ffmpeg and ffprobe through Xabe.FFmpeg. Xabe takes one argument string, so the list is joined with
/// <see cref="CommandLine.Join"/>, which the process start-up splits back into exactly the same list. Whether a run
/// finished is read from ffmpeg's progress report, never from Xabe; the error text of a run that fails within
/// milliseconds can be lost (Xabe stops reading once the process has exited), the failure cannot.
/// </summary>
public sealed class XabeToolRunner : IMediaToolRunner
{
    private const int MaxErrorOutputChars = 64 * 1024;

    private readonly MediaToolchain _toolchain;

    public XabeToolRunner(MediaToolchain toolchain)
    {
        _toolchain = toolchain;

        // Xabe keeps the tool location process-wide.
        FFmpeg.SetExecutablesPath(toolchain.Directory);
    }

    public async Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var output = await Probe.New().Start(CommandLine.Join(arguments), cancellationToken);

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
        // Xabe stops reading ffmpeg's stderr as soon as the process has exited, so its last lines can be lost, and
        // with them the only sign Xabe has of a failure. The progress report, which decides whether the run finished,
        // goes to a file instead and is read to its end; a run that asked for no report gets one all the same.
        using var progress = new ProgressFile();
        var effective = arguments.ToList();
        var progressAt = IndexOfProgressTarget(arguments);
        var reportWanted = progressAt >= 0;
        if (reportWanted)
        {
            effective[progressAt] = progress.Path;
        }
        else
        {
            effective.InsertRange(0, ["-progress", progress.Path]);
        }

        var errors = new StringBuilder();
        var conversion = FFmpeg.Conversions.New();
        conversion.OnDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            onOutputLine?.Invoke(line);
            lock (errors)
            {
                if (!ProgressReport.IsProgressLine(line) && errors.Length < MaxErrorOutputChars)
                {
                    errors.AppendLine(line);
                }
            }
        };

        // Xabe's own cancellation writes to ffmpeg's closed stdin from a callback that can crash the process, so it
        // runs without a token and the child is killed here instead: every 100 ms until it is gone, since a
        // cancellation can land before the process exists.
        cancellationToken.ThrowIfCancellationRequested();
        var run = conversion.Start(CommandLine.Join(effective), CancellationToken.None);
        await using var killOnCancel = cancellationToken.Register(() => _ = KillUntilDoneAsync(run, effective));
        var tail = progress.TailAsync(run, reportWanted ? onOutputLine : null);
        ConversionException? failure = null;
        try
        {
            await run;
        }
        catch (ConversionException ex)
        {
            failure = ex;
        }
        catch (FFmpegNotFoundException ex)
        {
            throw new MediaToolException(MediaTool.FFmpeg, ex.Message, string.Empty, ex);
        }

        var finished = await tail;
        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("ffmpeg was cancelled.", failure, cancellationToken);
        }

        // Xabe cannot report ffmpeg's exit code: it judges by the words in the output (and by nothing when there is
        // none). ffmpeg's own "progress=end", written once its run has completed, decides instead; a complaint about
        // the input (a damaged frame, say) that ffmpeg itself got through does not fail the run.
        if (!finished)
        {
            throw new MediaToolException(
                MediaTool.FFmpeg, failure is null ? "ffmpeg stopped before finishing." : "ffmpeg failed.", ErrorText(errors, failure), failure);
        }
    }

    private static string ErrorText(StringBuilder errors, Exception? failure)
    {
        lock (errors)
        {
            return errors.Length > 0 || failure is null ? errors.ToString() : failure.Message;
        }
    }

    private static int IndexOfProgressTarget(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == "-progress")
            {
                return i + 1;
            }
        }

        return -1;
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
