using Netflix.Media.Tools;

using Netflix.Testing;

namespace Netflix.Media.Tests.Integration;

/// <summary>Both runners behave the same for the engine: output, failures and cancellation.</summary>
public sealed class RunnerTests
{
    private static readonly MediaToolchain Toolchain = MediaToolchain.Locate(null);

    public static TheoryData<MediaRunnerKind> Runners => new() { MediaRunnerKind.Xabe, MediaRunnerKind.Process };

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Probe_returns_what_ffprobe_printed(MediaRunnerKind kind)
    {
        var runner = Create(kind);

        var json = await runner.ProbeAsync(["-v", "quiet", "-print_format", "json", "-show_error", "-show_format", "/nonexistent/file.mp4"], CancellationToken.None);

        Assert.Contains("\"error\"", json, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Arguments_with_spaces_and_quotes_arrive_intact(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        var folder = Path.Combine(Path.GetTempPath(), "netflix runner \"quoted\" 'dir' " + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        try
        {
            var output = Path.Combine(folder, "a b.mp4");
            await runner.RunAsync(["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:duration=0.2", "-c:v", "libx264", output], null, CancellationToken.None);

            Assert.True(new FileInfo(output).Length > 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Failures_that_end_at_once_are_never_taken_for_success(MediaRunnerKind kind)
    {
        // ffmpeg gives up on a missing input within milliseconds, often before a word of its error output has been read.
        var runner = Create(kind);
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<MediaToolException?>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (_, token) =>
        {
            try
            {
                await runner.RunAsync(["-hide_banner", "-nostdin", "-v", "error", "-i", "/nonexistent/input.mp4", "-f", "null", "-"], null, token);
                outcomes.Add(null);
            }
            catch (MediaToolException ex)
            {
                outcomes.Add(ex);
            }
        });

        Assert.All(outcomes, Assert.NotNull);

        // The error output is read to its end on both runners: the text is always there.
        Assert.All(outcomes, e => Assert.Contains("No such file or directory", e!.Output, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Error_lines_of_runs_that_get_through_damage_at_once_all_reach_the_caller(MediaRunnerKind kind)
    {
        // A damaged source is judged by what ffmpeg says about it; a quick run must not lose a word of it.
        var runner = Create(kind);
        var damaged = DamagedStream();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(int Errors, string? Last)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (_, token) =>
        {
            var errors = 0;
            string? last = null;
            await runner.RunAsync(
                ["-hide_banner", "-nostdin", "-loglevel", "error", "-progress", "pipe:2", "-nostats", "-threads", "1", "-i", damaged, "-f", "null", "-"],
                line =>
                {
                    if (line.StartsWith("progress=", StringComparison.Ordinal))
                    {
                        last = line;
                    }
                    else if (!ProgressReport.IsProgressLine(line) && line.Length > 0)
                    {
                        errors++;
                    }
                },
                token);
            seen.Add((errors, last));
        });

        var expected = TestTools.TryRun("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1", "-i", damaged, "-f", "null", "-").Stderr
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(expected > 0, "the damaged stream decodes without a word");
        Assert.All(seen, s => Assert.Equal((expected, "progress=end"), (s.Errors, s.Last)));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_run_outlives_the_thread_that_started_it(MediaRunnerKind kind)
    {
        // The tools die with the thread that started them (a parent-death signal follows the thread, not the
        // process): a caller's thread ending, as idle pool threads do, must not end a run.
        Assert.True(ToolLauncher.Current.DiesWithParent, "setpriv with --pdeathsig is missing here, so nothing is tested");
        var runner = Create(kind);
        var marker = "outlives-" + Guid.NewGuid().ToString("N")[..8];
        Task? run = null;
        var caller = new Thread(() => run = runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "color=size=16x16:rate=10:duration=3", "-metadata", $"title={marker}", "-f", "null", "-"],
            null,
            CancellationToken.None));
        caller.Start();
        caller.Join();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (TestTools.ProcessIdsMentioning(marker).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.NotEmpty(TestTools.ProcessIdsMentioning(marker));
        await run!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 30);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Progress_lines_reach_the_caller(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        var positions = new List<TimeSpan>();

        await runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-nostats", "-f", "lavfi", "-i", "testsrc2=size=64x64:duration=2", "-f", "null", "-"],
            line =>
            {
                if (ProgressReport.TryReadOutTime(line) is { } position)
                {
                    lock (positions)
                    {
                        positions.Add(position);
                    }
                }
            },
            CancellationToken.None);

        Assert.NotEmpty(positions);
        Assert.InRange(positions.Max().TotalSeconds, 1.9, 2.1);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Runs_that_end_at_once_are_still_seen_to_finish(MediaRunnerKind kind)
    {
        // The quicker ffmpeg exits, the likelier its last words are still unread when the runner learns of the exit.
        var runner = Create(kind);
        var lastWords = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Several at a time, as the engine runs them, so the machine is busy when each one exits.
        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (_, token) =>
        {
            string? last = null;
            await runner.RunAsync(
                ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-nostats", "-f", "lavfi", "-i", "color=size=16x16:duration=0.04", "-f", "null", "-"],
                line => last = line.StartsWith("progress=", StringComparison.Ordinal) ? line : last,
                token);
            lastWords.Add(last ?? "(none)");
        });

        Assert.All(lastWords, word => Assert.Equal("progress=end", word));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_run_killed_from_outside_is_not_taken_for_finished(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        var marker = "killed-" + Guid.NewGuid().ToString("N")[..8];
        var started = new TaskCompletionSource();

        var run = runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-re", "-f", "lavfi", "-i", "testsrc2=size=64x64:duration=60", "-metadata", $"title={marker}", "-f", "null", "-"],
            _ => started.TrySetResult(),
            CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var pid in TestTools.ProcessIdsMentioning(marker))
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }

        await Assert.ThrowsAsync<MediaToolException>(() => run).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Cancellation_ends_the_process(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        var marker = "cancel-" + Guid.NewGuid().ToString("N")[..8];
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource();

        var run = runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-re", "-f", "lavfi", "-i", "testsrc2=size=64x64:duration=60", "-metadata", $"title={marker}", "-f", "null", "-"],
            _ => started.TrySetResult(),
            cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(TestTools.ProcessesMentioning(marker));

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(TestTools.ProcessesMentioning(marker));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task Cancelling_several_runs_at_once_ends_them_all_and_nothing_else(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        var marker = "together-" + Guid.NewGuid().ToString("N")[..8];
        using var cancellation = new CancellationTokenSource();
        var started = Enumerable.Range(0, 2).Select(_ => new TaskCompletionSource()).ToList();
        var runs = Enumerable.Range(0, 2).Select(i => runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-re", "-f", "lavfi", "-i", "testsrc2=size=64x64:duration=60",
             "-metadata", $"title={marker}-{i}", "-f", "null", "-"],
            _ => started[i].TrySetResult(),
            cancellation.Token)).ToList();
        await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(30));

        await cancellation.CancelAsync();

        foreach (var run in runs)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        Assert.Empty(TestTools.ProcessesMentioning(marker));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_cancelled_probe_throws_instead_of_returning_part_of_the_output(MediaRunnerKind kind)
    {
        var runner = Create(kind);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => runner.ProbeAsync(["-v", "quiet", "-f", "lavfi", "-show_entries", "packet=pts", "-of", "csv", "testsrc2=duration=60"], cancellation.Token));
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_run_keeps_its_files_in_the_scratch_folder_and_takes_them_away(MediaRunnerKind kind)
    {
        using var scratch = new TempFolder("netflix-scratch");
        var runner = Create(kind, scratch.Path);
        var during = new List<string>();

        await runner.RunAsync(
            ["-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:2", "-re", "-f", "lavfi", "-i", "color=size=16x16:rate=10:duration=1", "-f", "null", "-"],
            line =>
            {
                if (during.Count == 0)
                {
                    during.AddRange(Directory.EnumerateFiles(scratch.Path, "*", SearchOption.AllDirectories));
                }
            },
            CancellationToken.None);

        Assert.Contains(during, file => Path.GetFileName(file) == "stderr.txt");
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    /// <summary>A short raw H.264 stream with noise over its middle: it decodes to the end, with complaints.</summary>
    private static string DamagedStream()
    {
        var path = Path.Combine(Path.GetTempPath(), "netflix-runner-damaged.h264");
        if (!File.Exists(path))
        {
            var clean = path + $".{Guid.NewGuid():N}.h264";
            TestTools.FFmpeg("-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=25:duration=0.4", "-c:v", "libx264", "-g", "5", clean);
            var bytes = File.ReadAllBytes(clean);
            new Random(5).NextBytes(bytes.AsSpan(bytes.Length / 3, bytes.Length / 3));
            File.WriteAllBytes(clean, bytes);
            File.Move(clean, path, overwrite: true);
        }

        return path;
    }

    private static IMediaToolRunner Create(MediaRunnerKind kind, string? scratch = null)
        => kind == MediaRunnerKind.Process ? new ProcessToolRunner(Toolchain, scratch) : new XabeToolRunner(Toolchain, scratch);
}
