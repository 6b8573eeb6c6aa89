using System.Diagnostics;
using System.Globalization;
using Netflix.Core.Search;
using Netflix.Local.Search;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// Search as the API runs it (SearchService over the Lucene index in a folder on disk) over a catalog of generated
/// titles: one-word, two-word, as-you-type prefix, tag-filtered and second-page queries, timed one by one.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly string[] Words =
    [
        "night", "ocean", "city", "river", "forest", "desert", "storm", "winter", "summer", "mountain", "island", "harbor",
        "signal", "echo", "shadow", "light", "garden", "empire", "voyage", "frontier", "engine", "circuit", "orbit", "comet",
        "falcon", "wolf", "tiger", "raven", "lantern", "compass", "mirror", "bridge", "tower", "castle", "market", "festival",
        "kitchen", "recipe", "science", "history", "secret", "mystery", "legend", "story", "journey", "return", "silent", "golden",
        "crimson", "silver", "broken", "hidden", "last", "first", "lost", "wild", "quiet", "electric", "ancient", "modern",
        "northern", "southern", "midnight", "morning", "evening", "horizon", "canyon", "glacier", "volcano", "meadow", "valley",
        "station", "express", "highway", "runway", "satellite", "galaxy", "planet", "nebula", "atlas", "chronicle", "diary",
        "letters", "portrait", "machine", "robot", "garage", "workshop", "studio", "theater", "concert", "symphony", "rhythm",
        "dance", "football", "tennis", "marathon", "climbing", "sailing", "surfing", "skiing", "cycling", "boxing", "chess",
    ];

    private static readonly string[] Tags =
    [
        "drama", "comedy", "documentary", "nature", "travel", "sport", "music", "science", "history", "kids", "cooking",
        "animation", "thriller", "romance", "news", "talk", "tech", "art", "crime", "space",
    ];

    public static async Task RunAsync(string work, int titles, int queries, int runs)
    {
        var folder = Path.Combine(work, "search-index");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        using var index = new LuceneSearchIndex(folder);
        var random = new Random(20261124);
        var build = Stopwatch.StartNew();
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        index.UpsertMany(Enumerable.Range(0, titles).Select(i => new SearchDocument(
            $"v{i:x8}",
            Title(random),
            $"{Title(random)} and {Title(random)}.",
            [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Tags[random.Next(Tags.Length)]).Distinct()],
            TimeSpan.FromSeconds(random.Next(30, 7200)),
            null,
            start.AddMinutes(i))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search: indexed {titles:N0} titles in {build.Elapsed.TotalSeconds:0.0} s"));

        var service = new SearchService(index);
        var kinds = new (string Name, Func<Random, Task<SearchPage>> Query)[]
        {
            ("one word", r => service.SearchAsync(Word(r), null, 20, null, CancellationToken.None)),
            ("two words", r => service.SearchAsync($"{Word(r)} {Word(r)}", null, 20, null, CancellationToken.None)),
            ("prefix", r => service.SearchAsync($"{Word(r)} {Word(r)[..3]}", null, 20, null, CancellationToken.None)),
            ("word + tag", r => service.SearchAsync(Word(r), [Tags[r.Next(Tags.Length)]], 20, null, CancellationToken.None)),
            ("tag only", r => service.SearchAsync(null, [Tags[r.Next(Tags.Length)]], 20, null, CancellationToken.None)),
            ("page 2", async r =>
            {
                var word = Word(r);
                var first = await service.SearchAsync(word, null, 20, null, CancellationToken.None);
                return await service.SearchAsync(word, null, 20, first.NextPageToken, CancellationToken.None);
            }),
            ("browse newest", r => service.SearchAsync(null, null, 20, null, CancellationToken.None)),
            ("browse deep", r => service.SearchAsync(null, null, 20, PageToken.Encode(r.Next(0, 5000) * 20), CancellationToken.None)),
        };

        // Warm-up: JIT and the operating system's file cache.
        for (var i = 0; i < 2000; i++)
        {
            await kinds[i % kinds.Length].Query(random);
        }

        var gcPauses = GC.GetTotalPauseDuration();
        var p50s = new List<double>();
        var p99s = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var all = new List<double>();
            var byKind = kinds.ToDictionary(k => k.Name, _ => new List<double>());
            long hits = 0;
            for (var i = 0; i < queries; i++)
            {
                var (name, query) = kinds[i % kinds.Length];
                var timer = Stopwatch.StartNew();
                var page = await query(random);
                var ms = timer.Elapsed.TotalMilliseconds;
                hits += page.Hits.Count;
                all.Add(ms);
                byKind[name].Add(ms);
            }

            var sorted = all.Order().ToArray();
            p50s.Add(Stats.Percentile(sorted, 0.50));
            p99s.Add(Stats.Percentile(sorted, 0.99));
            var detail = string.Join("; ", byKind.Select(k =>
            {
                var s = k.Value.Order().ToArray();
                return string.Create(CultureInfo.InvariantCulture, $"{k.Key} p50 {Stats.Percentile(s, 0.5):0.00} p99 {Stats.Percentile(s, 0.99):0.00}");
            }));
            var paused = GC.GetTotalPauseDuration() - gcPauses;
            gcPauses += paused;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"search: run {run + 1}: {queries:N0} queries, {hits:N0} hits, p50 {p50s[^1]:0.00} ms, p99 {p99s[^1]:0.00} ms, max {sorted[^1]:0.00} ms, GC pauses {paused.TotalMilliseconds:0} ms ({detail})"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"search: median of {runs} over {titles:N0} titles: p50 {Stats.Median(p50s):0.00} ms, p99 {Stats.Median(p99s):0.00} ms (target p99 <= 5 ms)"));
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Title(Random random)
    {
        var words = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Word(random)).ToArray();
        return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(string.Join(' ', words));
    }
}
