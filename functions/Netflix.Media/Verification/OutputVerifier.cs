using System.Globalization;
using System.Text.Json;
using Netflix.Core.Media;
using Netflix.Media.Probing;
using Netflix.Media.Tools;
using Netflix.Media.Transcoding;

namespace Netflix.Media.Verification;

/// <summary>
/// Checks output before it counts. Each chunk is decoded in every rendition as it is made, without a single error
/// allowed; the stitched renditions are then checked from their packets alone: every frame present at its source
/// time and rate, timestamps rising across chunk joins with no hole, the length within 0.1 s of the source, audio
/// ending with the video (and decoded whole: it is light). No step decodes a whole title's video, so no check grows
/// with the title beyond reading its packets.
/// </summary>
public sealed class OutputVerifier(IMediaToolRunner runner)
{
    public static readonly TimeSpan DurationTolerance = TimeSpan.FromMilliseconds(100);

    public async Task<StreamCheck> CheckRenditionAsync(
        JobLayout layout,
        TranscodePlan plan,
        string sourcePath,
        string rendition,
        int expectedFrames,
        TimeSpan expectedDuration,
        CancellationToken cancellationToken)
    {
        var playlist = layout.MediaPlaylist(rendition);
        if (await UnfinishedAsync(playlist, cancellationToken) is { } unfinished)
        {
            return new StreamCheck(rendition, 0, TimeSpan.Zero, TimeSpan.Zero, [unfinished]);
        }

        var scan = await PacketScan.RunAsync(runner, playlist, "v:0", plan.Source.Video.FrameRate, cancellationToken);
        var problems = new List<string>();
        if (scan.Count == 0)
        {
            problems.Add("no video frames");
            return new StreamCheck(rendition, 0, TimeSpan.Zero, TimeSpan.Zero, problems);
        }

        var sorted = scan.SortedPts();
        var start = scan.ToTime(sorted[0]);
        var end = scan.ToTime(sorted[^1] + scan.LastFrameDuration(sorted));
        var duration = end - start;

        if (scan.Count != expectedFrames)
        {
            problems.Add(Format($"{scan.Count} frames, the source has {expectedFrames}"));
        }

        if ((duration - expectedDuration).Duration() > DurationTolerance)
        {
            problems.Add(Format($"lasts {duration.TotalSeconds:0.000} s, the source {expectedDuration.TotalSeconds:0.000} s"));
        }

        // The title's clock is the source's: its first frame is at zero.
        if (start.Duration() > TimeSpan.FromMilliseconds(2))
        {
            problems.Add(Format($"starts at {start.TotalSeconds:0.000} s instead of 0"));
        }

        var expectedRate = expectedDuration > TimeSpan.Zero ? expectedFrames / expectedDuration.TotalSeconds : 0;
        var rate = duration > TimeSpan.Zero ? scan.Count / duration.TotalSeconds : 0;
        if (expectedRate > 0 && Math.Abs(rate - expectedRate) / expectedRate > 0.005)
        {
            problems.Add(Format($"plays at {rate:0.###} fps, the source at {expectedRate:0.###} fps"));
        }

        CheckTimestamps(scan, sorted, plan.Source.MaxFrameDuration, problems);
        if (problems.Count == 0)
        {
            var source = await PacketScan.RunAsync(
                runner, Path.GetFullPath(sourcePath), plan.Source.Video.StreamIndex.ToString(CultureInfo.InvariantCulture), plan.Source.Video.FrameRate, cancellationToken);
            CheckFrameTimes(source, scan, sorted, problems);
        }

        return new StreamCheck(rendition, scan.Count, start, end, problems);
    }

    /// <summary>
    /// Decodes the chunk in every rendition and says what went wrong (nothing, normally). The answer is kept in the
    /// job folder, so a chunk task run again does not decode again.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckChunkAsync(JobLayout layout, TranscodePlan plan, ChunkSpec chunk, CancellationToken cancellationToken)
    {
        var saved = layout.ChunkCheck(chunk.Index);
        if (File.Exists(saved))
        {
            return JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(saved, cancellationToken)) ?? [];
        }

        // One ffmpeg decodes every rendition (one process, not one per rendition); only when it finds errors is each
        // rendition decoded on its own, to say which.
        var playlists = plan.Ladder.Video.Select(r => Path.Combine(layout.RenditionDirectory(r.Name), JobLayout.ChunkPlaylistName(chunk.Index))).ToList();
        var together = new List<string>();
        await DecodeAsync(playlists, "v:0", plan.Encoding.Threads, together, cancellationToken);
        var problems = new List<string>();
        if (together.Count > 0)
        {
            for (var i = 0; i < playlists.Count; i++)
            {
                var found = new List<string>();
                await DecodeAsync([playlists[i]], "v:0", plan.Encoding.Threads, found, cancellationToken);
                problems.AddRange(found.Select(p => $"{plan.Ladder.Video[i].Name}: {p}"));
            }

            if (problems.Count == 0)
            {
                problems.AddRange(together);
            }
        }

        await AtomicFile.WriteAllTextAsync(saved, JsonSerializer.Serialize(problems), cancellationToken);
        return problems;
    }

    public async Task<StreamCheck> CheckAudioAsync(JobLayout layout, TranscodePlan plan, CancellationToken cancellationToken)
    {
        var playlist = Path.Combine(layout.AudioDirectory, JobLayout.MediaPlaylistName);
        if (await UnfinishedAsync(playlist, cancellationToken) is { } unfinished)
        {
            return new StreamCheck(JobLayout.AudioName, 0, TimeSpan.Zero, TimeSpan.Zero, [unfinished]);
        }

        var scan = await PacketScan.RunAsync(runner, playlist, "a:0", Rational.Zero, cancellationToken);
        var problems = new List<string>();
        if (scan.Count == 0)
        {
            problems.Add("no audio packets");
            return new StreamCheck(JobLayout.AudioName, 0, TimeSpan.Zero, TimeSpan.Zero, problems);
        }

        var sorted = scan.SortedPts();
        var start = scan.ToTime(sorted[0]);
        var end = scan.ToTime(sorted[^1] + scan.LastFrameDuration(sorted));
        CheckTimestamps(scan, sorted, maxGap: null, problems);
        await DecodeAsync([playlist], "a:0", 1, problems, cancellationToken);
        return new StreamCheck(JobLayout.AudioName, scan.Count, start, end, problems);
    }

    /// <summary>
    /// Only a final playlist (with its end tag) is checked: ffmpeg treats an open one as live and waits for it to grow.
    /// </summary>
    private static async Task<string?> UnfinishedAsync(string playlist, CancellationToken cancellationToken)
    {
        if (!File.Exists(playlist))
        {
            return "the playlist is missing";
        }

        return Hls.MediaPlaylist.Parse(await File.ReadAllTextAsync(playlist, cancellationToken)).EndList
            ? null
            : "the playlist is not final (no end tag)";
    }

    /// <summary>Every frame must be shown at its source time (plus the common offset): none moved, dropped or doubled.</summary>
    private static void CheckFrameTimes(PacketScan source, PacketScan output, long[] outputSorted, List<string> problems)
    {
        var sourceSorted = source.SortedPts();
        if (sourceSorted.Length != outputSorted.Length)
        {
            problems.Add(Format($"{outputSorted.Length} frames, the source has {sourceSorted.Length} decodable frames"));
            return;
        }

        // A quarter frame: far below a frame's length, far above the rounding of any container clock.
        var gaps = PacketScan.Gaps(sourceSorted).Where(g => g > 0).DefaultIfEmpty(1).Min();
        var tolerance = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, source.ToTime(gaps).Ticks / 4));
        for (var i = 0; i < sourceSorted.Length; i++)
        {
            var expected = source.ToTime(sourceSorted[i] - sourceSorted[0]);
            var actual = output.ToTime(outputSorted[i] - outputSorted[0]);
            if ((actual - expected).Duration() > tolerance)
            {
                problems.Add(Format($"frame {i} is shown at {actual.TotalSeconds:0.000} s, the source shows it at {expected.TotalSeconds:0.000} s"));
                return;
            }
        }
    }

    private static void CheckTimestamps(PacketScan scan, long[] sorted, TimeSpan? maxGap, List<string> problems)
    {
        for (var i = 1; i < scan.Count; i++)
        {
            if (scan.Dts[i] != long.MinValue && scan.Dts[i - 1] != long.MinValue && scan.Dts[i] <= scan.Dts[i - 1])
            {
                problems.Add(Format($"decode time goes back at packet {i} ({scan.ToTime(scan.Dts[i]).TotalSeconds:0.000} s)"));
                return;
            }
        }

        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                problems.Add(Format($"two frames share the time {scan.ToTime(sorted[i]).TotalSeconds:0.000} s"));
                return;
            }

            if (maxGap is { } allowed && scan.ToTime(sorted[i] - sorted[i - 1]) > (allowed * 1.5) + TimeSpan.FromMilliseconds(1))
            {
                problems.Add(Format($"a hole of {scan.ToTime(sorted[i] - sorted[i - 1]).TotalMilliseconds:0} ms at {scan.ToTime(sorted[i - 1]).TotalSeconds:0.000} s"));
                return;
            }
        }
    }

    /// <summary>Decodes <paramref name="stream"/> of every input to nothing, in one ffmpeg run; any error is a problem.</summary>
    private async Task DecodeAsync(List<string> inputs, string stream, int threads, List<string> problems, CancellationToken cancellationToken)
    {
        var errors = new ErrorLines();
        var args = new FFmpegArguments();
        foreach (var input in inputs)
        {
            args.Threads(threads).Input(input);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            args.Add("-map", string.Create(CultureInfo.InvariantCulture, $"{i}:{stream}")).Add("-f", "null").Add("-");
        }

        try
        {
            await runner.RunAsync(args.Build(), errors.Add, cancellationToken);
        }
        catch (MediaToolException ex)
        {
            // A decode that failed is a problem whatever it printed.
            problems.Add(Format($"decoding failed: {(ex.OutputTail() is { Length: > 0 } tail ? tail : ex.Message)}"));
            return;
        }

        if (errors.First is { } first)
        {
            problems.Add(Format($"decoding reported {errors.Count} error(s), first: {first}"));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
