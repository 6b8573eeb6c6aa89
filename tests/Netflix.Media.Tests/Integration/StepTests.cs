using Netflix.Core.Media;
using Netflix.Media.Hls;
using Netflix.Media.Tools;
using Netflix.Media.Transcoding;

using Netflix.Testing;

namespace Netflix.Media.Tests.Integration;

/// <summary>Single steps of the pipeline: progressive publishing, re-runs and cancellation.</summary>
[Collection(MediaCollection.Name)]
public sealed class StepTests(Clips clips)
{
    [Fact]
    public async Task A_prefix_of_chunks_is_published_as_a_playable_event_playlist()
    {
        await using var engine = new Engine();
        var job = engine.Import(clips.Landscape, "prefix");
        var layout = engine.Layout(job);
        var analysis = await engine.Handlers.AnalyzeAsync(job, CancellationToken.None);
        var plan = analysis.Plan!;
        var step = new JobStep(job, analysis.PlanId!);
        await engine.Handlers.SplitAsync(step, CancellationToken.None);
        var chunks = engine.SplitChunks(job);
        await engine.Handlers.EncodeAudioAsync(step, CancellationToken.None);
        await engine.Handlers.TranscodeChunkAsync(new ChunkRequest(job, step.PlanId, 0), CancellationToken.None);

        var stitch = await engine.Handlers.StitchAsync(new StitchRequest(job, step.PlanId, 1), CancellationToken.None);

        Assert.False(stitch.IsComplete);
        var media = MediaPlaylist.Parse(File.ReadAllText(layout.MediaPlaylist("240p")));
        Assert.Equal("EVENT", media.PlaylistType);
        Assert.False(media.EndList);
        Assert.All(media.Segments, s => Assert.StartsWith("c00000_", s.Uri, StringComparison.Ordinal));
        Assert.InRange(media.Duration.TotalSeconds, chunks.Chunks[0].Duration.TotalSeconds - 0.05, chunks.Chunks[0].Duration.TotalSeconds + 0.05);

        var audio = MediaPlaylist.Parse(File.ReadAllText(Path.Combine(layout.AudioDirectory, "index.m3u8")));
        Assert.Equal("EVENT", audio.PlaylistType);
        Assert.InRange(audio.Duration, media.Duration, media.Duration + plan.TargetSegmentDuration + TimeSpan.FromMilliseconds(50));

        // What is published so far decodes cleanly, every frame of the first chunk. (ffmpeg waits for more segments at
        // the end of an EVENT playlist, so it reads a closed copy of each.)
        foreach (var (playlist, stream) in new[] { (layout.MediaPlaylist("240p"), "v:0"), (Path.Combine(layout.AudioDirectory, "index.m3u8"), "a:0") })
        {
            var closed = Path.ChangeExtension(playlist, ".closed.m3u8");
            File.WriteAllText(closed, File.ReadAllText(playlist) + "#EXT-X-ENDLIST\n");
            var (code, frames, errors) = TestTools.TryRun("ffmpeg", "-v", "error", "-i", closed, "-map", $"0:{stream}", "-f", "framecrc", "-");
            Assert.True(code == 0 && errors.Trim().Length == 0, errors);
            if (stream == "v:0")
            {
                Assert.Equal(chunks.Chunks[0].FrameCount, frames.Split('\n').Count(line => line.StartsWith("0,", StringComparison.Ordinal)));
            }
        }

        // Publishing the rest appends (RFC 8216 section 6.2.1): same segments and target duration, then the end tag;
        // the finished title is VOD in every media playlist.
        var before = File.ReadAllText(layout.MediaPlaylist("240p"));
        foreach (var chunk in chunks.Chunks.Skip(1))
        {
            await engine.Handlers.TranscodeChunkAsync(new ChunkRequest(job, step.PlanId, chunk.Index), CancellationToken.None);
        }

        await engine.Handlers.StitchAsync(new StitchRequest(job, step.PlanId, chunks.Chunks.Count), CancellationToken.None);
        var after = File.ReadAllText(layout.MediaPlaylist("240p"));
        Assert.StartsWith(before.Replace("#EXT-X-PLAYLIST-TYPE:EVENT\n", "#EXT-X-PLAYLIST-TYPE:VOD\n", StringComparison.Ordinal), after, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", after, StringComparison.Ordinal);
        Assert.Equal(media.TargetDuration, MediaPlaylist.Parse(after).TargetDuration);
        foreach (var path in plan.Ladder.Video.Select(r => layout.MediaPlaylist(r.Name)).Append(Path.Combine(layout.AudioDirectory, "index.m3u8")))
        {
            var final = MediaPlaylist.Parse(File.ReadAllText(path));
            Assert.Equal(("VOD", true), (final.PlaylistType, final.EndList));
        }

        // A workflow resumed after a crash can replay an earlier, smaller stitch after the final one: it must not take
        // back what is published (an open EVENT playlist would leave players, and ffprobe, waiting for more).
        var master = File.ReadAllText(layout.MasterPlaylist);
        var audioAfter = File.ReadAllText(Path.Combine(layout.AudioDirectory, "index.m3u8"));
        await engine.Handlers.StitchAsync(new StitchRequest(job, step.PlanId, 1), CancellationToken.None);
        Assert.Equal(after, File.ReadAllText(layout.MediaPlaylist("240p")));
        Assert.Equal(audioAfter, File.ReadAllText(Path.Combine(layout.AudioDirectory, "index.m3u8")));
        Assert.Equal(master, File.ReadAllText(layout.MasterPlaylist));
    }

    [Fact]
    public async Task A_finished_chunk_is_not_transcoded_again()
    {
        var counting = new CountingRunner();
        await using var engine = new Engine();
        var job = engine.Import(clips.Landscape, "rerun");
        var analysis = await engine.Handlers.AnalyzeAsync(job, CancellationToken.None);
        await engine.Handlers.SplitAsync(new JobStep(job, analysis.PlanId!), CancellationToken.None);
        var chunks = engine.SplitChunks(job);
        var transcoder = new ChunkTranscoder(counting.Wrap(engine.Get<IMediaToolRunner>()));
        var layout = engine.Layout(job);
        var request = chunks.Chunks[1];

        var first = await transcoder.TranscodeAsync(Path.Combine(engine.Workspace, job.SourceKey), layout, analysis.Plan!, request, null, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(layout.RenditionDirectory("240p"), "c00001.m3u8"));
        var second = await transcoder.TranscodeAsync(Path.Combine(engine.Workspace, job.SourceKey), layout, analysis.Plan!, request, null, CancellationToken.None);

        Assert.Equal(1, counting.Runs);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(layout.RenditionDirectory("240p"), "c00001.m3u8")));
    }

    [Fact]
    public async Task Output_checks_catch_a_damaged_or_missing_segment()
    {
        await using var engine = new Engine();
        var job = engine.Import(clips.Landscape, "checked");
        var (outcome, _, _) = await engine.TranscodeAsync(job);
        Assert.True(outcome.Succeeded, outcome.Failure?.Reason);
        var layout = engine.Layout(job);
        var verifier = engine.Get<Verification.OutputVerifier>();
        var source = Path.Combine(engine.Workspace, job.SourceKey);
        var frames = outcome.Chunks!.FrameCount;
        var duration = outcome.Chunks.Duration;

        // Noise in the middle of a segment: decoding the chunk reports it (once its kept verdict is gone).
        var segment = Path.Combine(layout.RenditionDirectory("144p"), "c00001_000.m4s");
        var bytes = File.ReadAllBytes(segment);
        new Random(3).NextBytes(bytes.AsSpan(bytes.Length / 3, bytes.Length / 3));
        File.WriteAllBytes(segment, bytes);
        File.Delete(layout.ChunkCheck(1));
        var damaged = await verifier.CheckChunkAsync(layout, outcome.Plan!, engine.SplitChunks(job).Chunks[1], CancellationToken.None);

        // A segment gone from a playlist: frames are missing and the timeline has a hole.
        var playlist = layout.MediaPlaylist("240p");
        var text = File.ReadAllText(playlist);
        var media = MediaPlaylist.Parse(text);
        File.WriteAllText(playlist, (media with { Segments = media.Segments.Where((_, i) => i != 2).ToList() }).Write());
        var holed = await verifier.CheckRenditionAsync(layout, outcome.Plan!, source, "240p", frames, duration, CancellationToken.None);

        Assert.Contains(damaged, p => p.StartsWith("144p: decoding reported", StringComparison.Ordinal));
        Assert.False(holed.Passed);
        Assert.Contains(holed.Problems, p => p.Contains("frames, the source has", StringComparison.Ordinal));
        Assert.Contains(holed.Problems, p => p.Contains("hole", StringComparison.Ordinal));

        // A playlist left open (no end tag) is reported at once, not read as a live stream that never ends.
        var audioPlaylist = Path.Combine(layout.AudioDirectory, "index.m3u8");
        File.WriteAllText(audioPlaylist, File.ReadAllText(audioPlaylist).Replace("#EXT-X-ENDLIST\n", string.Empty, StringComparison.Ordinal));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var open = await verifier.CheckAudioAsync(layout, outcome.Plan!, patience.Token);
        Assert.Equal(["the playlist is not final (no end tag)"], open.Problems);
    }

    [Theory]
    [InlineData(MediaRunnerKind.Xabe)]
    [InlineData(MediaRunnerKind.Process)]
    public async Task Cancelling_a_chunk_kills_ffmpeg_and_leaves_no_temporary_files(MediaRunnerKind runner)
    {
        // A larger, slower encode so the cancellation lands while ffmpeg is working.
        await using var engine = new Engine(runner, o => o.Ladder = [new LadderRung { Name = "big", Height = 720, BitrateKbps = 3000 }]);
        var source = Path.Combine(clips.Directory, $"slow-{runner}.mp4");
        TestTools.FFmpeg("-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=20", "-c:v", "libx264", "-preset", "ultrafast", "-g", "600", source);
        var job = engine.Import(source, "cancel" + runner);
        var layout = engine.Layout(job);
        var analysis = await engine.Handlers.AnalyzeAsync(job, CancellationToken.None);
        var plan = analysis.Plan! with { Encoding = analysis.Plan.Encoding with { Preset = "slow" } };
        var chunk = engine.PlannedChunks(job, analysis.PlanId!).Chunks[0] with { Input = ChunkInput.SourceSeek };
        using var cancellation = new CancellationTokenSource();
        var progressed = new TaskCompletionSource();
        var progress = new Progress<double>(_ => progressed.TrySetResult());

        var work = engine.Get<ChunkTranscoder>().TranscodeAsync(
            Path.Combine(engine.Workspace, job.SourceKey), layout, plan, chunk, progress, cancellation.Token);
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEmpty(TestTools.ProcessesMentioning(layout.Root));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
        Assert.Empty(TestTools.ProcessesMentioning(layout.Root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
        Assert.False(Directory.Exists(layout.RenditionDirectory("big")) && Directory.EnumerateFiles(layout.RenditionDirectory("big")).Any());
    }

    private sealed class CountingRunner
    {
        public int Runs;

        public IMediaToolRunner Wrap(IMediaToolRunner inner) => new Runner(this, inner);

        private sealed class Runner(CountingRunner owner, IMediaToolRunner inner) : IMediaToolRunner
        {
            public Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => inner.ProbeAsync(arguments, cancellationToken);

            public Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner.Runs);
                return inner.RunAsync(arguments, onOutputLine, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_decode_that_fails_without_a_word_fails_the_chunk_check()
    {
        // A failed decode is a problem whatever it printed, not only when its error text arrived.
        await using var engine = new Engine();
        var job = engine.Import(clips.Landscape, "wordless");
        var layout = engine.Layout(job);
        var analysis = await engine.Handlers.AnalyzeAsync(job, CancellationToken.None);
        var step = new JobStep(job, analysis.PlanId!);
        await engine.Handlers.SplitAsync(step, CancellationToken.None);
        await engine.Handlers.TranscodeChunkAsync(new ChunkRequest(job, step.PlanId, 0), CancellationToken.None);
        File.Delete(layout.ChunkCheck(0));
        var verifier = new Verification.OutputVerifier(new WordlessFailingRunner());

        var problems = await verifier.CheckChunkAsync(layout, analysis.Plan!, engine.SplitChunks(job).Chunks[0], CancellationToken.None);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("decoding failed", p, StringComparison.Ordinal));
    }

    /// <summary>Every ffmpeg run fails and says nothing.</summary>
    private sealed class WordlessFailingRunner : IMediaToolRunner
    {
        public Task<string> ProbeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken cancellationToken)
            => Task.FromException(new MediaToolException(MediaTool.FFmpeg, "ffmpeg stopped before finishing.", string.Empty));
    }
}
