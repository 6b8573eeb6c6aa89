using System.Diagnostics;
using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Transcoding;

namespace Netflix.Media.Benchmarks;

internal sealed record EngineResult(
    TimeSpan Wall,
    CpuTimes Cpu,
    long PeakBytes,
    long HostBytes,
    TimeSpan FirstPlayable,
    TimeSpan CriticalPath,
    TimeSpan ChecksWall,
    CpuTimes ChecksCpu,
    int Chunks);

internal sealed record RunFigures(AnchorResult Anchor, EngineResult Engine, double AnchorPsnr, double EnginePsnr, double AnchorBitrateError, double EngineBitrateError)
{
    public double WallRatio => Engine.Wall / Anchor.Wall;

    public double CpuRatio => Engine.Cpu.Total / Anchor.Cpu.Total;

    public double CriticalShare => Engine.CriticalPath / Anchor.Wall;
}

/// <summary>
/// The chunked engine against one ffmpeg making the same ladder, in the same run, on the same source. Medians of
/// several runs, because this machine is shared and noisy.
/// </summary>
internal sealed class LadderBenchmark(string workDirectory, int seconds, int runs, bool measureFloor, MediaOptions options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<int> RunAsync()
    {
        var source = ReferenceSource.Ensure(workDirectory, seconds);
        var parallelism = Environment.ProcessorCount;
        Line($"source: {source} ({seconds} s 1080p30), {parallelism} cores, chunks of {options.ChunkDuration.TotalSeconds} s, {parallelism} chunk tasks at once");

        TimeSpan? floor = null;
        if (measureFloor)
        {
            var floorRoot = Path.Combine(workDirectory, "floor-plan");
            await using var planner = new EngineHost(options, parallelism, floorRoot);
            var floorJob = EngineHost.Import(floorRoot, source, "reference");
            var floorPlan = (await planner.Get<MediaActivityHandlers>().AnalyzeAsync(floorJob, CancellationToken.None)).Plan!;
            var single = await Anchor.RunAsync(source, floorPlan, Path.Combine(workDirectory, "floor"), singleThreaded: true);
            floor = single.Cpu.Total / parallelism;
            Line($"floor: the ladder on one thread costs {single.Cpu.Total.TotalSeconds:0.0} CPU-s (one decode, no threading overhead); over {parallelism} cores that is {floor.Value.TotalSeconds:0.0} s");
        }

        var figures = new List<RunFigures>();
        for (var run = 1; run <= runs; run++)
        {
            var engineRoot = Path.Combine(workDirectory, "engine");
            if (Directory.Exists(engineRoot))
            {
                Directory.Delete(engineRoot, recursive: true);
            }

            await using var host = new EngineHost(options, parallelism, engineRoot);
            var job = EngineHost.Import(engineRoot, source, "reference");
            var plan = (await host.Get<MediaActivityHandlers>().AnalyzeAsync(job, CancellationToken.None)).Plan!;

            // Alternate the order so neither side always runs on a cooler (or warmer) machine.
            AnchorResult anchor;
            EngineResult engine;
            if (run % 2 == 1)
            {
                anchor = await Anchor.RunAsync(source, plan, Path.Combine(workDirectory, "anchor"));
                engine = await RunEngineAsync(host, job);
            }
            else
            {
                engine = await RunEngineAsync(host, job);
                anchor = await Anchor.RunAsync(source, plan, Path.Combine(workDirectory, "anchor"));
            }

            var layout = new JobLayout(Path.Combine(engineRoot, "jobs", job.VideoId));
            var index720 = plan.Ladder.Video.ToList().FindIndex(r => r.Height == 720);
            var r720 = plan.Ladder.Video[index720];
            var result = new RunFigures(
                anchor,
                engine,
                Quality.Psnr(Path.Combine(anchor.OutputDirectory, index720.ToString(Invariant), "index.m3u8"), source, r720.Width, r720.Height),
                Quality.Psnr(layout.MediaPlaylist(r720.Name), source, r720.Width, r720.Height),
                Quality.WorstBitrateDeviation(plan, i => Path.Combine(anchor.OutputDirectory, i.ToString(Invariant), "index.m3u8")),
                Quality.WorstBitrateDeviation(plan, i => layout.MediaPlaylist(plan.Ladder.Video[i].Name)));
            figures.Add(result);
            PrintRun(run, result);
        }

        PrintMedians(figures, floor);
        return 0;
    }

    private async Task<EngineResult> RunEngineAsync(EngineHost host, MediaJob job)
    {
        var jobDirectory = Path.Combine(workDirectory, "engine", "jobs", job.VideoId);
        if (Directory.Exists(jobDirectory))
        {
            Directory.Delete(jobDirectory, recursive: true);
        }

        var cpuBefore = CpuTimes.Now();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ActivitySpan> spans;
        TranscodeOutcome outcome;
        long peak;
        await using (var memory = new ChildMemorySampler())
        {
            (outcome, spans) = await host.RunAsync(job, cpuBefore, CancellationToken.None);
            peak = memory.PeakBytes;
        }

        var total = clock.Elapsed;
        var totalCpu = CpuTimes.Now() - cpuBefore;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"The engine failed: {outcome.Failure!.Reason}");
        }

        var stitches = spans.Where(s => s.Name == MediaActivities.Stitch.Name).ToList();
        var complete = stitches[^1];
        var split = spans.Single(s => s.Name == MediaActivities.Split.Name);
        var chunkSpans = spans.Where(s => s.Name == MediaActivities.TranscodeChunk.Name).ToList();
        var longest = chunkSpans.MaxBy(s => s.Duration)!;
        var alone = await RunChunkAloneAsync(host, job, outcome, int.Parse(longest.Detail, Invariant));

        return new EngineResult(
            complete.End,
            complete.CpuAtEnd,
            peak,
            ChildMemorySampler.SelfResidentBytes(),
            stitches[0].End,
            split.Duration + alone + complete.Duration,
            total - complete.End,
            totalCpu - complete.CpuAtEnd,
            chunkSpans.Count);
    }

    /// <summary>The chunk task again, with nothing else running: its time on a worker of its own.</summary>
    private async Task<TimeSpan> RunChunkAloneAsync(EngineHost host, MediaJob job, TranscodeOutcome outcome, int index)
    {
        var original = new JobLayout(Path.Combine(workDirectory, "engine", "jobs", job.VideoId));
        var scratch = new JobLayout(Path.Combine(workDirectory, "alone"));
        if (Directory.Exists(scratch.Root))
        {
            Directory.Delete(scratch.Root, recursive: true);
        }

        Directory.CreateDirectory(scratch.ChunksDirectory);
        File.Copy(original.ChunkFile(index), scratch.ChunkFile(index));
        var clock = Stopwatch.StartNew();
        await host.Get<ChunkTranscoder>().TranscodeAsync(
            Path.Combine(workDirectory, "engine", job.SourceKey), scratch, outcome.Plan!, (await JobPlans.ReadSplitAsync(original, CancellationToken.None)).Chunks[index], null, CancellationToken.None);
        return clock.Elapsed;
    }

    private static void PrintRun(int run, RunFigures f)
    {
        var a = f.Anchor;
        var e = f.Engine;
        Line($"run {run}:");
        Line($"  anchor  one ffmpeg      wall {a.Wall.TotalSeconds,6:0.0} s  CPU {a.Cpu.Total.TotalSeconds,6:0.0} s  peak RSS {Mb(a.PeakBytes),5} MB  first playable {a.FirstPlayable?.TotalSeconds,5:0.0} s  PSNR720 {f.AnchorPsnr:0.00} dB  worst bitrate error {f.AnchorBitrateError:P1}");
        Line($"  engine  {e.Chunks,2} chunk tasks  wall {e.Wall.TotalSeconds,6:0.0} s  CPU {e.Cpu.Total.TotalSeconds,6:0.0} s  peak RSS {Mb(e.PeakBytes),5} MB  first playable {e.FirstPlayable.TotalSeconds,5:0.0} s  PSNR720 {f.EnginePsnr:0.00} dB  worst bitrate error {f.EngineBitrateError:P1}");
        Line($"          host process RSS {Mb(e.HostBytes)} MB; then checks + thumbnails: wall {e.ChecksWall.TotalSeconds:0.0} s, CPU {e.ChecksCpu.Total.TotalSeconds:0.0} s");
        Line($"  ratios  wall {f.WallRatio:0.000}  CPU {f.CpuRatio:0.000}  critical path {e.CriticalPath.TotalSeconds:0.0} s = {f.CriticalShare:P1} of the anchor's wall");
    }

    private static void PrintMedians(List<RunFigures> runs, TimeSpan? floor)
    {
        double Median(Func<RunFigures, double> value)
        {
            var sorted = runs.Select(value).Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var wall = Median(f => f.WallRatio);
        var cpu = Median(f => f.CpuRatio);
        var critical = Median(f => f.CriticalShare);
        var psnrDelta = Median(f => f.EnginePsnr - f.AnchorPsnr);
        var bitrate = Median(f => f.EngineBitrateError);
        Line($"medians of {runs.Count} runs:");
        Line($"  anchor wall {Median(f => f.Anchor.Wall.TotalSeconds):0.0} s, CPU {Median(f => f.Anchor.Cpu.Total.TotalSeconds):0.0} s, peak RSS {Median(f => Mb(f.Anchor.PeakBytes)):0} MB, first playable {Median(f => f.Anchor.FirstPlayable?.TotalSeconds ?? double.NaN):0.0} s, PSNR720 {Median(f => f.AnchorPsnr):0.00} dB");
        Line($"  engine wall {Median(f => f.Engine.Wall.TotalSeconds):0.0} s, CPU {Median(f => f.Engine.Cpu.Total.TotalSeconds):0.0} s, peak RSS {Median(f => Mb(f.Engine.PeakBytes)):0} MB, first playable {Median(f => f.Engine.FirstPlayable.TotalSeconds):0.0} s, PSNR720 {Median(f => f.EnginePsnr):0.00} dB, critical path {Median(f => f.Engine.CriticalPath.TotalSeconds):0.0} s");
        Line($"  engine checks + thumbnails after the ladder: wall {Median(f => f.Engine.ChecksWall.TotalSeconds):0.0} s, CPU {Median(f => f.Engine.ChecksCpu.Total.TotalSeconds):0.0} s");
        if (floor is { } best)
        {
            Line($"  floor {best.TotalSeconds:0.0} s: the anchor takes {Median(f => f.Anchor.Wall / best):0.00}x it, the engine {Median(f => f.Engine.Wall / best):0.00}x");
        }

        Line($"summary: wall ratio {wall:0.000} (target <= 0.90) | CPU ratio {cpu:0.000} (<= 0.95) | critical path {critical:0.000} of anchor wall (<= 0.20) | PSNR720 engine-anchor {psnrDelta:+0.00;-0.00} dB (within 0.2) | worst bitrate error {bitrate:P1} (<= 3%)");
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(Invariant));
}
