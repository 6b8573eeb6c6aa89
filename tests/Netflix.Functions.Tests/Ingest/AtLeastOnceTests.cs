using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Media;
using Netflix.Testing;

namespace Netflix.Functions.Tests.Ingest;

/// <summary>
/// Durable Functions delivers each activity at least once: again after a lost completion, again on another instance
/// after the one running it died. Every activity must take that: return the finished output, or redo only what was
/// not finished, and leave no partial file behind.
/// </summary>
[Collection(EmulatorsCollection.Name)]
public sealed class AtLeastOnceTests(Emulators emulators) : IDisposable
{
    private readonly TempFolder _clips = new("netflix-clips");

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task Every_activity_delivered_twice_gives_the_same_output_and_the_title_still_becomes_ready()
    {
        var differences = new ConcurrentBag<string>();
        var delivered = new ConcurrentDictionary<string, int>();
        await using var ingest = await AzureIngest.StartAsync(emulators, registry => DeliverEverythingTwice(registry, delivered, differences));
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("twice.mp4"), "320x180", 4), "Delivered twice");

        var (ready, _) = await ingest.RunToEndAsync(video);

        Assert.Equal(VideoStatus.Ready, ready.Status);
        Assert.Empty(differences);
        Assert.All(new[] { MediaActivities.Names.Analyze, MediaActivities.Names.Split, MediaActivities.Names.TranscodeChunk, MediaActivities.Names.Stitch,
            MediaActivities.Names.EncodeAudio, MediaActivities.Names.CheckRendition, MediaActivities.Names.Thumbnails, IngestActivities.Names.Publish },
            name => Assert.True(delivered.GetValueOrDefault(name) >= 2, name));
        Assert.Empty(ingest.WorkLeftovers(video.Id));
    }

    [Fact]
    public async Task A_chunk_delivered_again_after_its_instance_died_mid_ffmpeg_redoes_only_that_chunk_and_leaves_no_partial_file()
    {
        await using var ingest = await AzureIngest.StartAsync(emulators, settings: new Dictionary<string, string?>
        {
            ["Media:Ladder:0:Name"] = "720p",
            ["Media:Ladder:0:Height"] = "720",
            ["Media:Ladder:0:BitrateKbps"] = "2500",
            ["Media:Encoding:Preset"] = "slow",
            ["Media:ChunkDuration"] = "00:00:04",
        });
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("killed.mp4"), "1280x720", 9), "Killed mid-chunk");
        var functions = new ActivityFunctions(ingest.Edition.Get<ActivityRegistry>());
        var job = new MediaJob(video.Id, video.SourceKey!);
        var analysis = await functions.Analyze(job, CancellationToken.None);
        var step = new JobStep(job, analysis.PlanId!);
        await functions.Split(step, CancellationToken.None);
        var layout = new JobLayout(Path.Combine(ingest.Edition.WorkFolder, "media", video.Id));

        // Chunk 0 finishes here; chunk 1 runs on another "instance" (its own process), which dies in the middle of ffmpeg.
        var first = await functions.TranscodeChunk(new ChunkRequest(job, step.PlanId, 0), CancellationToken.None);
        var chunk0Files = Snapshot(layout, "c00000");
        await KillMidFfmpegAsync(ingest.Edition.WorkFolder, new ChunkRequest(job, step.PlanId, 1), layout);
        Assert.NotEmpty(Directory.EnumerateDirectories(layout.TempDirectory));

        var again0 = await functions.TranscodeChunk(new ChunkRequest(job, step.PlanId, 0), CancellationToken.None);
        var redone1 = await functions.TranscodeChunk(new ChunkRequest(job, step.PlanId, 1), CancellationToken.None);

        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(again0));
        Assert.Equal(chunk0Files, Snapshot(layout, "c00000"));
        Assert.True(redone1.Passed, string.Join("; ", redone1.Problems ?? []));
        Assert.True(redone1.SegmentsPerRendition > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
        Assert.DoesNotContain(Directory.EnumerateFiles(layout.Root, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Empty(TestTools.ProcessesMentioning(ingest.Edition.WorkFolder));
    }

    [Fact]
    public async Task Steps_delivered_twice_at_once_agree_and_a_late_stitch_takes_nothing_back()
    {
        await using var ingest = await AzureIngest.StartAsync(emulators);
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("racing.mp4"), "320x180", 4), "Delivered at once");
        var functions = new ActivityFunctions(ingest.Edition.Get<ActivityRegistry>());
        var job = new MediaJob(video.Id, video.SourceKey!);

        var analyses = await Task.WhenAll(functions.Analyze(job, CancellationToken.None), functions.Analyze(job, CancellationToken.None));
        Assert.Equal(analyses[0].PlanId, analyses[1].PlanId);
        var step = new JobStep(job, analyses[0].PlanId!);
        var splits = await Task.WhenAll(functions.Split(step, CancellationToken.None), functions.Split(step, CancellationToken.None));
        Assert.Equal(splits[0], splits[1]);
        await functions.EncodeAudio(step, CancellationToken.None);
        for (var i = 0; i < splits[0].Count; i++)
        {
            var twice = await Task.WhenAll(
                functions.TranscodeChunk(new ChunkRequest(job, step.PlanId, i), CancellationToken.None),
                functions.TranscodeChunk(new ChunkRequest(job, step.PlanId, i), CancellationToken.None));
            Assert.Equal(JsonSerializer.Serialize(twice[0]), JsonSerializer.Serialize(twice[1]));
            Assert.True(twice[0].Passed, string.Join("; ", twice[0].Problems ?? []));
        }

        // The final stitch, then a delivery of the first one that was lost in transit: the title stays whole.
        var layout = new JobLayout(Path.Combine(ingest.Edition.WorkFolder, "media", video.Id));
        await functions.Stitch(new StitchRequest(job, step.PlanId, splits[0].Count), CancellationToken.None);
        var final = await File.ReadAllTextAsync(layout.MediaPlaylist("180p"));
        await functions.Stitch(new StitchRequest(job, step.PlanId, 1), CancellationToken.None);

        Assert.Equal(final, await File.ReadAllTextAsync(layout.MediaPlaylist("180p")));
        Assert.Contains("#EXT-X-ENDLIST", final, StringComparison.Ordinal);
        var store = ingest.Edition.Get<Netflix.Core.Storage.IMediaStore>();
        await using var published = await store.OpenReadAsync(Netflix.Core.Storage.StoreKeys.Media(video.Id, "hls/180p/index.m3u8"), 0, null, CancellationToken.None);
        Assert.Equal(final, await new StreamReader(published).ReadToEndAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
    }

    [Fact]
    public async Task A_step_delivered_after_its_job_ended_refuses_and_leaves_nothing_in_the_work_folder()
    {
        await using var ingest = await AzureIngest.StartAsync(emulators);
        var video = await ingest.UploadAsync(TestTools.MakeClip(_clips.Combine("late.mp4"), "320x180", 2), "Late delivery");
        var (_, outcome) = await ingest.RunToEndAsync(video);
        var functions = new ActivityFunctions(ingest.Edition.Get<ActivityRegistry>());
        var job = new MediaJob(video.Id, video.SourceKey!);

        var late = await Assert.ThrowsAsync<MediaProcessingException>(() => functions.TranscodeChunk(new ChunkRequest(job, outcome.PlanId!, 0), CancellationToken.None));
        await Assert.ThrowsAsync<MediaProcessingException>(() => functions.Stitch(new StitchRequest(job, outcome.PlanId!, 1), CancellationToken.None));

        Assert.Contains("cleaned up", late.Message, StringComparison.Ordinal);
        Assert.Empty(ingest.WorkLeftovers(video.Id));
        Assert.Equal(VideoStatus.Ready, (await ingest.FindAsync(video.Id)).Status);
    }

    /// <summary>Wraps every activity so each delivery runs twice in a row; the second's output must equal the first's.</summary>
    private static void DeliverEverythingTwice(ActivityRegistry registry, ConcurrentDictionary<string, int> delivered, ConcurrentBag<string> differences)
    {
        var twice = typeof(AtLeastOnceTests).GetMethod(nameof(Twice), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var activity in new[] { typeof(MediaActivities), typeof(IngestActivities) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(Activity<,>)))
        {
            twice.MakeGenericMethod(activity.FieldType.GetGenericArguments()).Invoke(null, [registry, activity.GetValue(null), delivered, differences]);
        }
    }

    private static void Twice<TInput, TOutput>(
        ActivityRegistry registry, Activity<TInput, TOutput> activity, ConcurrentDictionary<string, int> delivered, ConcurrentBag<string> differences)
        => registry.Decorate(activity, inner => async (input, token) =>
        {
            var first = await inner(input, token);
            var second = await inner(input, token);
            delivered.AddOrUpdate(activity.Name, 2, (_, n) => n + 2);

            // The catalog steps answer "did this call change anything", which the second delivery rightly says it did not.
            if (typeof(TOutput) != typeof(bool) && JsonSerializer.Serialize(first) != JsonSerializer.Serialize(second))
            {
                differences.Add($"{activity.Name}: {JsonSerializer.Serialize(first)} then {JsonSerializer.Serialize(second)}");
            }

            return second;
        });

    /// <summary>Runs the chunk in a process of its own and kills it (and its ffmpeg, as an instance's end would) once ffmpeg works.</summary>
    private static async Task KillMidFfmpegAsync(string workFolder, ChunkRequest request, JobLayout layout)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { StepRunner(), workFolder, MediaActivities.Names.TranscodeChunk, JsonSerializer.Serialize(request) })
        {
            info.ArgumentList.Add(argument);
        }

        using var runner = Process.Start(info)!;
        var waited = Stopwatch.StartNew();
        while (TestTools.ProcessIdsMentioning(layout.TempDirectory).Count == 0)
        {
            if (runner.HasExited)
            {
                Assert.Fail($"The step ended ({runner.ExitCode}) before it could be killed: {await runner.StandardOutput.ReadToEndAsync()} {await runner.StandardError.ReadToEndAsync()}");
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "ffmpeg never started");
            await Task.Delay(10);
        }

        await Task.Delay(300);
        runner.Kill();
        foreach (var pid in TestTools.ProcessIdsMentioning(layout.TempDirectory))
        {
            try
            {
                using var ffmpeg = Process.GetProcessById(pid);
                ffmpeg.Kill();
                await ffmpeg.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // It ended with its parent.
            }
        }

        await runner.WaitForExitAsync();
    }

    private static Dictionary<string, DateTime> Snapshot(JobLayout layout, string chunk)
        => Directory.EnumerateFiles(layout.HlsDirectory, chunk + "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

    private static string StepRunner()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = folder.Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(HostProcess.ProjectDirectory, "..", "..", "tests", "Netflix.Testing.StepRunner", "bin", configuration, "net10.0", "Netflix.Testing.StepRunner.dll"));
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }
}
