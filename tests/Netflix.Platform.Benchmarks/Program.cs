using System.Globalization;
using Netflix.Platform.Benchmarks;

// Platform benchmarks against the real host process. Each prints its figures and a same-run ratio; `all` runs the
// four and ends with a one-line summary. Needs wrk and nginx (apt-get install -y wrk nginx) for stream and cdn.
var command = args.Length > 0 ? args[0] : "help";
var work = Path.GetFullPath("bench-work");
var runs = 3;
var seconds = 10;
var connections = 64;
var titles = 100_000;
var queries = 20_000;
var gib = 2.0;
var parallel = 4;
var viewers = 200;
var searchers = 20;
var uploaders = 3;
var loadSeconds = 60;
var kills = 20;
var crashTitles = 6;
var seed = 1;
for (var i = 1; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    switch (args[i])
    {
        case "--work":
            work = Path.GetFullPath(value);
            break;
        case "--runs":
            runs = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--seconds":
            seconds = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--connections":
            connections = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--titles":
            titles = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--queries":
            queries = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--gib":
            gib = double.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--parallel":
            parallel = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--viewers":
            viewers = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--searchers":
            searchers = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--uploaders":
            uploaders = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--load-seconds":
            loadSeconds = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--kills":
            kills = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--titles-to-crash":
            crashTitles = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}.");
            return 2;
    }
}

if (command == "report")
{
    Directory.CreateDirectory(work);
    return await Report.RunAsync(work, kills, crashTitles, seed, viewers, searchers, uploaders, TimeSpan.FromSeconds(loadSeconds));
}

if (command == "crash")
{
    Directory.CreateDirectory(work);
    var survived = await CrashTest.RunAsync(work, kills, crashTitles, seed);
    Console.WriteLine(survived ? "summary: crash: nothing lost" : "summary: crash: FAILED (see above)");
    return survived ? 0 : 1;
}

if (command is not ("stream" or "cdn" or "search" or "upload" or "load" or "all"))
{
    Console.WriteLine("""
        usage: Netflix.Platform.Benchmarks stream|cdn|search|upload|load|all|crash|report [options]
          --runs N          runs per figure; medians are reported (3)
          --seconds S       load duration per wrk run (10)
          --connections C   concurrent connections for stream and cdn (64)
          --titles N        catalog size for search (100000)
          --queries N       timed queries per search run (20000)
          --gib G           upload size in GiB (2)
          --parallel P      chunks in flight during the upload (4)
          --work DIR        scratch folder on the disk to measure (./bench-work)
          load: --viewers 200 --searchers 20 --uploaders 3 --load-seconds 60
          crash (SIGKILL the host at aimed moments, restart, check nothing was lost): --kills 20 --titles-to-crash 6 --seed 1
          report: the bad-input and security test suites, then crash and load, with one summary (their options apply)
        """);
    return command == "help" ? 0 : 2;
}

Directory.CreateDirectory(work);
var duration = TimeSpan.FromSeconds(seconds);
var summary = new List<string>();

if (command is "stream" or "cdn" or "load" or "all")
{
    if (command is not "load")
    {
        Wrk.EnsureInstalled();
    }

    var (host, videoId) = await BenchHost.StartWithPlaybackTitleAsync(work);
    await using var _ = host;

    if (command is "stream" or "all")
    {
        var ratio = await StreamBenchmark.RunAsync(host, videoId, connections, duration, runs);
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"stream-url/trivial {ratio:0.00} (>= 0.5)"));
    }

    if (command is "cdn" or "all")
    {
        var ratio = await CdnBenchmark.RunAsync(host, videoId, work, connections, duration, runs);
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"cdn/nginx {ratio:0.00} (>= 0.8)"));
    }

    if (command is "load" or "all")
    {
        var clean = await LoadTest.RunAsync(host, videoId, viewers, searchers, uploaders, TimeSpan.FromSeconds(loadSeconds), work);
        summary.Add(clean ? "load: 0 errors" : "load: ERRORS (see above)");
    }
}

if (command is "search" or "all")
{
    await SearchBenchmark.RunAsync(work, titles, queries, runs);
}

if (command is "upload" or "all")
{
    var data = Path.Combine(work, "host-upload");
    if (Directory.Exists(data))
    {
        Directory.Delete(data, recursive: true);
    }

    await using var host = await BenchHost.StartAsync(data);
    var (ratio, peak) = await UploadBenchmark.RunAsync(host, work, gib, parallel, runs);
    summary.Add(string.Create(CultureInfo.InvariantCulture, $"upload/copy {ratio:0.00}, host peak RSS {peak / 1048576.0:0} MB (< 400)"));
}

if (summary.Count > 0)
{
    Console.WriteLine("summary: " + string.Join("; ", summary));
}

return 0;
