using System.Text;
using Xabe.FFmpeg;
using Xabe.FFmpeg.Exceptions;

namespace Netflix.Media.Tools;

/// <summary>
/// Runs ffmpeg and ffprobe through Xabe.FFmpeg. Xabe takes one argument string, so the list is joined with
/// <see cref="CommandLine.Join"/>, which the process start-up splits back into exactly the same list.
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
        var errors = new StringBuilder();
        var finished = false;
        var conversion = FFmpeg.Conversions.New();
        conversion.OnDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            finished |= line == "progress=end";
            onOutputLine?.Invoke(line);
            if (!ProgressReport.IsProgressLine(line) && errors.Length < MaxErrorOutputChars)
            {
                errors.AppendLine(line);
            }
        };

        // Xabe's own cancellation writes to ffmpeg's closed stdin from a callback that can crash the process, so it
        // runs without a token and the child is killed here instead: every 100 ms until it is gone, since a
        // cancellation can land before the process exists.
        cancellationToken.ThrowIfCancellationRequested();
        var run = conversion.Start(CommandLine.Join(arguments), CancellationToken.None);
        await using var killOnCancel = cancellationToken.Register(() => _ = KillUntilDoneAsync(run, arguments));
        // Xabe cannot report ffmpeg's exit code: it judges by the words in the output (and by nothing when there is
        // none). With -progress, ffmpeg's own "progress=end", printed once its run has completed, decides instead.
        var reportsProgress = arguments.Contains("-progress");
        try
        {
            await run;
            cancellationToken.ThrowIfCancellationRequested();
            if (reportsProgress && !finished)
            {
                throw new MediaToolException(MediaTool.FFmpeg, "ffmpeg stopped before finishing.", errors.ToString());
            }
        }
        catch (ConversionException) when (!cancellationToken.IsCancellationRequested && reportsProgress && finished)
        {
            // A complaint about the input (a damaged frame, say) that ffmpeg itself got through.
        }
        catch (ConversionException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var output = errors.Length > 0 ? errors.ToString() : ex.Message;
            throw new MediaToolException(MediaTool.FFmpeg, "ffmpeg failed.", output, ex);
        }
        catch (ConversionException ex)
        {
            throw new OperationCanceledException("ffmpeg was cancelled.", ex, cancellationToken);
        }
        catch (FFmpegNotFoundException ex)
        {
            throw new MediaToolException(MediaTool.FFmpeg, ex.Message, string.Empty, ex);
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
