using System.Diagnostics;
using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Transcoding;

namespace Netflix.Media.Benchmarks;

internal sealed record AnchorResult(TimeSpan Wall, CpuTimes Cpu, long PeakBytes, TimeSpan? FirstPlayable, string OutputDirectory);

/// <summary>
/// The baseline: ONE ffmpeg process making the same ladder into HLS, with the engine's own filter graph and encoder
/// settings, and ffmpeg's default threading.
/// </summary>
internal static class Anchor
{
    /// <param name="singleThreaded">
    /// Everything on one thread: the ladder's CPU cost with a single decode and no threading overhead. That cost spread
    /// perfectly over every core is the floor no schedule can beat.
    /// </param>
    public static IReadOnlyList<string> BuildArguments(string source, TranscodePlan plan, string outputDirectory, bool singleThreaded = false)
    {
        var encoding = plan.Encoding;
        var keyframeInterval = plan.TargetSegmentDuration / encoding.KeyframesPerSegment;
        var gopFrames = (int)Math.Round(keyframeInterval.TotalSeconds * plan.Source.AverageFrameRate);
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" };
        string[] oneThread = singleThreaded ? ["-threads", "1"] : [];
        args.AddRange([.. oneThread, "-i", source]);
        if (singleThreaded)
        {
            args.AddRange(["-filter_complex_threads", "1"]);
        }

        args.AddRange(["-filter_complex", $"[0:v:0]{ChunkTranscoder.LadderGraph(plan)}"]);
        var streamMap = new List<string>();
        for (var i = 0; i < plan.Ladder.Video.Count; i++)
        {
            var r = plan.Ladder.Video[i];
            args.AddRange(["-map", $"[v{i}]", $"-b:v:{i}", $"{r.BitrateKbps}k", $"-maxrate:v:{i}", $"{r.MaxRateKbps}k", $"-bufsize:v:{i}", $"{r.BufferKbits}k"]);
            streamMap.Add($"v:{i},agroup:audio");
        }

        args.AddRange(
        [
            "-c:v", "libx264", "-preset", encoding.Preset, "-profile:v", encoding.Profile,
            "-g", gopFrames.ToString(CultureInfo.InvariantCulture), "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{keyframeInterval.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)})",
            "-fps_mode", "passthrough", .. oneThread,
        ]);
        if (plan.Ladder.Audio is { } audio)
        {
            args.AddRange(["-map", "0:a:0", "-c:a", "aac", "-b:a", $"{audio.BitrateKbps}k", "-ac", $"{audio.Channels}", "-ar", $"{audio.SampleRate}"]);
            streamMap.Add("a:0,agroup:audio");
        }

        args.AddRange(
        [
            "-f", "hls", "-hls_time", plan.TargetSegmentDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_flags", "independent_segments",
            "-var_stream_map", string.Join(' ', streamMap), "-master_pl_name", "master.m3u8",
            "-hls_segment_filename", Path.Combine(outputDirectory, "%v", "seg_%05d.m4s"),
            Path.Combine(outputDirectory, "%v", "index.m3u8"),
        ]);
        return args;
    }

    public static async Task<AnchorResult> RunAsync(string source, TranscodePlan plan, string outputDirectory, bool singleThreaded = false)
    {
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        Directory.CreateDirectory(outputDirectory);
        var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in BuildArguments(source, plan, outputDirectory, singleThreaded))
        {
            info.ArgumentList.Add(argument);
        }

        // The lowest rendition and the audio are the last streams; a segment is done once the next one is started.
        var lowest = Path.Combine(outputDirectory, (plan.Ladder.Video.Count - 1).ToString(CultureInfo.InvariantCulture), "seg_00001.m4s");
        var audio = Path.Combine(outputDirectory, plan.Ladder.Video.Count.ToString(CultureInfo.InvariantCulture), "seg_00001.m4s");

        var cpuBefore = CpuTimes.Now();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstPlayable = null;
        await using var memory = new ChildMemorySampler();
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        while (!process.HasExited)
        {
            if (firstPlayable is null && File.Exists(lowest) && (plan.Ladder.Audio is null || File.Exists(audio)))
            {
                firstPlayable = clock.Elapsed;
            }

            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(50));
        }

        await process.WaitForExitAsync();
        var wall = clock.Elapsed;
        var cpu = CpuTimes.Now() - cpuBefore;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The anchor ffmpeg failed: {await stderr}");
        }

        return new AnchorResult(wall, cpu, memory.PeakBytes, firstPlayable, outputDirectory);
    }
}
