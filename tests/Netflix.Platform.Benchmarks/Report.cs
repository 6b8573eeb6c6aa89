using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Netflix.Testing;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// The robustness report in one run: the bad-input and security test suites (run with <c>dotnet test</c>, counted
/// from their result files), the crash harness and the load test, each printing its figures, then one summary.
/// </summary>
internal static class Report
{
    /// <summary>Test slices by their <c>Report</c> trait, and the test projects that hold them.</summary>
    private static readonly (string Name, string Trait, string[] Projects)[] Suites =
    [
        ("bad input", "bad-input", ["tests/Netflix.Local.Tests"]),
        ("security", "security", ["tests/Netflix.Core.Tests", "tests/Netflix.Local.Tests"]),
    ];

    public static async Task<int> RunAsync(string work, int kills, int crashTitles, int seed, int viewers, int searchers, int uploaders, TimeSpan loadDuration)
    {
        var root = Path.GetFullPath(Path.Combine(HostProcess.ProjectDirectory, "..", ".."));
        var results = Path.Combine(work, "report");
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        Directory.CreateDirectory(results);
        var summary = new List<(string Part, bool Passed, string Figures)>();

        foreach (var (name, trait, projects) in Suites)
        {
            Console.WriteLine($"report: {name}: dotnet test --filter Report={trait} ({string.Join(", ", projects)})");
            var watch = Stopwatch.StartNew();
            var outcomes = new List<Outcome>();
            var missing = 0;
            foreach (var project in projects)
            {
                var folder = Path.Combine(results, trait, Path.GetFileName(project));
                var exit = await DotnetTestAsync(root, project, trait, folder);
                var found = ReadResults(folder);
                if (found.Count == 0)
                {
                    Console.WriteLine($"report:   {project}: no results (dotnet test exited with {exit}; see {Path.Combine(folder, "dotnet-test.log")})");
                    missing++;
                }

                foreach (var type in found.GroupBy(o => o.Type))
                {
                    Console.WriteLine($"report:   {type.Key,-34} {type.Count(o => o.Passed),3}/{type.Count(),-3} passed");
                }

                foreach (var failure in found.Where(o => !o.Passed))
                {
                    Console.WriteLine($"report:   FAILED {failure.Name}");
                }

                outcomes.AddRange(found);
            }

            var failed = outcomes.Count(o => !o.Passed);
            var figures = string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count - failed}/{outcomes.Count} tests passed, {failed} failed, {watch.Elapsed.TotalSeconds:0} s");
            Console.WriteLine($"report: {name}: {figures}");
            summary.Add((name, failed == 0 && missing == 0, figures));
        }

        Console.WriteLine($"report: crash: {kills} SIGKILLs of the host at aimed moments");
        var crashWatch = Stopwatch.StartNew();
        var survived = await CrashTest.RunAsync(work, kills, crashTitles, seed);
        summary.Add(("crash", survived, string.Create(CultureInfo.InvariantCulture, $"{kills} kills, {(survived ? "nothing lost" : "SOMETHING LOST (see above)")}, {crashWatch.Elapsed.TotalSeconds:0} s")));

        Console.WriteLine($"report: load: {viewers} viewers, {searchers} searchers, {uploaders} uploaders for {loadDuration.TotalSeconds:0} s");
        var (host, videoId) = await BenchHost.StartWithPlaybackTitleAsync(work);
        await using (host)
        {
            var clean = await LoadTest.RunAsync(host, videoId, viewers, searchers, uploaders, loadDuration, work);
            summary.Add(("load", clean, clean ? "0 errors" : "ERRORS (see above)"));
        }

        Console.WriteLine("report: summary");
        foreach (var (part, passed, figures) in summary)
        {
            Console.WriteLine($"report:   {(passed ? "PASS" : "FAIL")} {part,-10} {figures}");
        }

        return summary.All(s => s.Passed) ? 0 : 1;
    }

    /// <summary>
    /// Runs one test project's slice in Release with a TRX result file. Its output goes to a file (not a pipe that a
    /// lingering build node could hold open), and build servers are not left behind.
    /// </summary>
    private static async Task<int> DotnetTestAsync(string root, string project, string trait, string folder)
    {
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "dotnet-test.log");
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = root, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet test \"$0\" -c Release --disable-build-servers --filter \"Report=$1\" --logger \"trx;LogFileName=results.trx\" --results-directory \"$2\" > \"$3\" 2>&1");
        info.ArgumentList.Add(project);
        info.ArgumentList.Add(trait);
        info.ArgumentList.Add(folder);
        info.ArgumentList.Add(log);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(info)!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Console.WriteLine($"report:   {project}: stopped after 30 minutes");
        }

        return process.ExitCode;
    }

    /// <summary>Each test result in the TRX files under <paramref name="folder"/>, with its class's short name.</summary>
    private static List<Outcome> ReadResults(string folder)
    {
        var outcomes = new List<Outcome>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.trx", SearchOption.AllDirectories))
        {
            var document = XDocument.Load(file);
            XNamespace ns = document.Root!.Name.Namespace;
            var classes = document.Descendants(ns + "UnitTest").ToDictionary(
                t => (string)t.Attribute("id")!,
                t => ((string?)t.Element(ns + "TestMethod")?.Attribute("className") ?? "?").Split('.')[^1]);
            outcomes.AddRange(document.Descendants(ns + "UnitTestResult").Select(result => new Outcome(
                classes.GetValueOrDefault((string)result.Attribute("testId")!, "?"),
                (string)result.Attribute("testName")!,
                (string?)result.Attribute("outcome") == "Passed")));
        }

        return outcomes;
    }

    private sealed record Outcome(string Type, string Name, bool Passed);
}
