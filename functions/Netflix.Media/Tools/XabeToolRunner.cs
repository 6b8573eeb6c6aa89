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
            return await Probe.New().Start(CommandLine.Join(arguments), cancellationToken);
        }
        catch (FFmpegNotFoundException ex)
        {
            throw new MediaToolException(MediaTool.FFprobe, ex.Message, string.Empty, ex);
        }
    }

    public async Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        var errors = new StringBuilder();
        var conversion = FFmpeg.Conversions.New();
        conversion.OnDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            onOutputLine?.Invoke(line);
            if (!ProgressReport.IsProgressLine(line) && errors.Length < MaxErrorOutputChars)
            {
                errors.AppendLine(line);
            }
        };

        try
        {
            await conversion.Start(CommandLine.Join(arguments), cancellationToken);
        }
        catch (ConversionException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var output = errors.Length > 0 ? errors.ToString() : ex.Message;
            throw new MediaToolException(MediaTool.FFmpeg, "ffmpeg failed.", output, ex);
        }
        catch (ConversionException ex)
        {
            // Xabe reports a kill after cancellation as a conversion failure.
            await ChildProcesses.EnsureGoneAsync(_toolchain.FFmpegPath, arguments, TimeSpan.FromSeconds(5));
            throw new OperationCanceledException("ffmpeg was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Xabe signals the kill but returns before the process is gone; no caller should see it outlive the call.
            await ChildProcesses.EnsureGoneAsync(_toolchain.FFmpegPath, arguments, TimeSpan.FromSeconds(5));
            throw;
        }
        catch (FFmpegNotFoundException ex)
        {
            throw new MediaToolException(MediaTool.FFmpeg, ex.Message, string.Empty, ex);
        }
    }
}
