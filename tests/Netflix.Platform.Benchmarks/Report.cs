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
            var complete = true;
            foreach (var project in projects)
            {
                var folder = Path.Combine(results, trait, Path.GetFileName(project));
                var exit = await DotnetTestAsync(root, project, trait, folder);
                var found = ReadResults(folder);
                var expected = await ListTestsAsync(root, project, trait, folder);
                foreach (var type in found.GroupBy(o => o.Type))
                {
                    Console.WriteLine($"report:   {type.Key,-34} {type.Count(o => o.Result == Result.Passed),3}/{type.Count(),-3} passed");
                }

                foreach (var failure in found.Where(o => o.Result == Result.Failed))
                {
                    Console.WriteLine($"report:   FAILED {failure.Name}");
                }

                // A crashed or stopped run leaves a partial result file with only what finished: the run counts only
                // when dotnet test succeeded and every test its filter selects has a result.
                if (exit != 0 || expected is null || expected == 0 || found.Count < expected)
                {
                    Console.WriteLine(
                        $"report:   {project}: incomplete run: dotnet test exited with {exit}, {found.Count} results for {expected?.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of"} tests (see {folder})");
                    complete = false;
                }

                outcomes.AddRange(found);
            }

            var passed = outcomes.Count(o => o.Result == Result.Passed);
            var failed = outcomes.Count(o => o.Result == Result.Failed);
            var skipped = outcomes.Count(o => o.Result == Result.Skipped);
            var figures = string.Create(
                CultureInfo.InvariantCulture,
                $"{passed}/{outcomes.Count} tests passed, {failed} failed, {skipped} skipped{(complete ? string.Empty : ", RUN INCOMPLETE")}, {watch.Elapsed.TotalSeconds:0} s");
            Console.WriteLine($"report: {name}: {figures}");
            summary.Add((name, complete && failed == 0, figures));
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

    /// <summary>Runs one test project's slice in Release with a TRX result file; returns dotnet test's exit code.</summary>
    private static Task<int> DotnetTestAsync(string root, string project, string trait, string folder)
    {
        Directory.CreateDirectory(folder);
        return DotnetAsync(
            root,
            ["test", project, "-c", "Release", "--filter", $"Report={trait}", "--logger", "trx;LogFileName=results.trx", "--results-directory", folder],
            Path.Combine(folder, "dotnet-test.log"),
            TimeSpan.FromMinutes(30));
    }

    /// <summary>How many tests the slice's filter selects (listed from the build the run just made), or null if listing failed.</summary>
    private static async Task<int?> ListTestsAsync(string root, string project, string trait, string folder)
    {
        var log = Path.Combine(folder, "dotnet-list-tests.log");
        var exit = await DotnetAsync(root, ["test", project, "-c", "Release", "--no-build", "--list-tests", "--filter", $"Report={trait}"], log, TimeSpan.FromMinutes(5));
        if (exit != 0)
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(log);
        var start = Array.FindIndex(lines, l => l.StartsWith("The following Tests are available", StringComparison.Ordinal));
        return start < 0 ? 0 : lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Count();
    }

    /// <summary>
    /// Runs dotnet with its output in a file (not a pipe that a lingering build node could hold open) and without
    /// leaving build servers behind; stopped (a non-zero exit) after <paramref name="patience"/>.
    /// </summary>
    private static async Task<int> DotnetAsync(string root, string[] arguments, string log, TimeSpan patience)
    {
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = root, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=\"$0\"; exec dotnet \"$@\" --disable-build-servers > \"$log\" 2>&1");
        info.ArgumentList.Add(log);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(info)!;
        using var stop = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Console.WriteLine($"report:   dotnet {string.Join(' ', arguments.Take(2))}: stopped after {patience.TotalMinutes:0} minutes");
            return -1;
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
                (string?)result.Attribute("outcome") switch
                {
                    "Passed" => Result.Passed,
                    "NotExecuted" => Result.Skipped,
                    _ => Result.Failed,
                })));
        }

        return outcomes;
    }

    private enum Result
    {
        Passed,
        Failed,
        Skipped,
    }

    private sealed record Outcome(string Type, string Name, Result Result);
}
