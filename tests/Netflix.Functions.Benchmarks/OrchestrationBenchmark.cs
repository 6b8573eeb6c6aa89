using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Benchmarks;

/// <summary>
/// The app's real ingest orchestration (its orchestrator and activity functions) on the in-process Durable test host,
/// for titles of several lengths, with activities that answer at once: what is left is the orchestration's own cost.
/// </summary>
internal static class OrchestrationBenchmark
{
    private sealed record Run(int Chunks, TimeSpan Wall, long Activities, long Episodes, long HistoryEvents, long Replayed, TimeSpan EpisodeTime, int Orchestrations);

    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int runs)
    {
        // The test host's in-memory backend runs as many orchestration and activity work items at once as the runtime
        // reports cores, and waits 500 ms whenever they are all busy: that, not the orchestration, bounds a 2-core run.
        var slots = System.Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is { } set ? "DOTNET_PROCESSOR_COUNT=" + set : "the cores of this machine";
        Console.WriteLine(Format($"Orchestration of a title with stub activities: {Environment.ProcessorCount} backend work items at a time ({slots})"));
        var medians = new List<Run>();
        foreach (var size in sizes)
        {
            var results = new List<Run>();
            for (var run = 1; run <= runs; run++)
            {
                var result = await OnceAsync(size, run);
                results.Add(result);
                Print($"  run {run}", result);
            }

            var median = new Run(
                size,
                Median(results.Select(r => r.Wall)),
                Median(results.Select(r => r.Activities)),
                Median(results.Select(r => r.Episodes)),
                Median(results.Select(r => r.HistoryEvents)),
                Median(results.Select(r => r.Replayed)),
                Median(results.Select(r => r.EpisodeTime)),
                results[0].Orchestrations);
            medians.Add(median);
            Print("  median", median);
        }

        Console.WriteLine();
        Console.WriteLine("| chunks | wall | per chunk | activities per chunk | orchestrations | history events | events replayed | episode time |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var m in medians)
        {
            Console.WriteLine(Format($"| {m.Chunks} | {m.Wall.TotalSeconds:0.0} s | {m.Wall.TotalMilliseconds / m.Chunks:0.0} ms | {(double)m.Activities / m.Chunks:0.00} | {m.Orchestrations} | {m.HistoryEvents} | {m.Replayed} | {m.EpisodeTime.TotalSeconds:0.00} s |"));
        }

        var first = medians[0];
        var last = medians[^1];
        var growth = (last.Wall.TotalSeconds / last.Chunks) / (first.Wall.TotalSeconds / first.Chunks);
        Console.WriteLine();
        Console.WriteLine(Format(
            $"Summary: {last.Chunks} chunks orchestrated in {last.Wall.TotalSeconds:0.0} s (target under 60 s); wall per chunk at {last.Chunks} is {growth:0.00}x that at {first.Chunks} (1.0 = linear); replayed events per chunk {(double)last.Replayed / last.Chunks:0.0} at {last.Chunks} vs {(double)first.Replayed / first.Chunks:0.0} at {first.Chunks}."));
        return last.Wall < TimeSpan.FromSeconds(60) ? 0 : 1;
    }

    private static async Task<Run> OnceAsync(int chunks, int run)
    {
        var stubs = new StubActivities(chunks);
        var functions = new ActivityFunctions(stubs.Registry());
        var episodes = new DurableEpisodes();
        using var logging = LoggerFactory.Create(builder => builder
            .AddProvider(episodes)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.DurableTask.Worker", LogLevel.Debug));
        await using var app = await DurableApp.StartAsync(typeof(ActivityFunctions).Assembly, _ => functions, logging);

        var request = new IngestRequest($"bench-{chunks}-{run}", "sources/bench/original.mp4", 1);
        var clock = Stopwatch.StartNew();
        await IngestStart.StartAsync(app.Client, request, CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var instance = await app.Client.WaitForInstanceCompletionAsync(request.InstanceId, getInputsAndOutputs: true, patience.Token);
        var wall = clock.Elapsed;
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed || instance.ReadOutputAs<TranscodeOutcome>() is not { Succeeded: true })
        {
            throw new InvalidOperationException($"The orchestration of {chunks} chunks ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        }

        var activities = stubs.Calls.Values.Sum();
        return new Run(chunks, wall, activities, episodes.Episodes, episodes.HistoryEvents, episodes.Replayed, episodes.EpisodeTime, episodes.Orchestrations);
    }

    private static void Print(string label, Run r) => Console.WriteLine(Format(
        $"{label,-8} {r.Chunks,5} chunks  wall {r.Wall.TotalSeconds,6:0.0} s  activities {r.Activities,5} ({(double)r.Activities / r.Chunks:0.00}/chunk)  orchestrations {r.Orchestrations,3}  episodes {r.Episodes,5}  history events {r.HistoryEvents,6}  replayed {r.Replayed,8}  episode time {r.EpisodeTime.TotalSeconds,6:0.00} s"));

    private static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks(Median(values.Select(v => v.Ticks)));

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
