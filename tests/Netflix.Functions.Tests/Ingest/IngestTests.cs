using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Storage;
using Netflix.Core.Videos;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Testing;

namespace Netflix.Functions.Tests.Ingest;

/// <summary>
/// The Functions app's real ingest: its orchestrator and activity functions on the in-process Durable test host,
/// over Blob Storage (Azurite), Cosmos DB (the stand-in), AI Search at its HTTP contract and real ffmpeg.
/// </summary>
[Collection(EmulatorsCollection.Name)]
public sealed class IngestTests(Emulators emulators) : IDisposable
{
    private readonly TempFolder _clips = new("netflix-clips");

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task A_committed_uploads_storage_event_runs_the_pipeline_to_ready_with_its_outputs_in_blob_storage()
    {
        await using var ingest = await AzureIngest.StartAsync(emulators);
        var video = await ingest.UploadAsync(Clip("ready", 4, "426x240"), "Moonrise over the bay");
        Assert.Equal(VideoStatus.Uploaded, (await ingest.FindAsync(video.Id)).Status);

        Assert.True(await ingest.DeliverAsync(ingest.BlobCreated(video)));
        var instance = await ingest.WaitAsync(video);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var ready = await ingest.FindAsync(video.Id);
        Assert.Equal(VideoStatus.Ready, ready.Status);
        Assert.Equal(["240p", "144p"], ready.Renditions.Select(r => r.Name));
        Assert.InRange(ready.Duration!.Value.TotalSeconds, 3.9, 4.1);

        // Playlists, segments and thumbnails are in the media container, where the CDN reads them.
        var store = ingest.Edition.Get<IMediaStore>();
        foreach (var key in new[] { "hls/master.m3u8", "hls/240p/index.m3u8", "hls/144p/index.m3u8", "hls/audio/index.m3u8", "thumbs/poster.jpg", "thumbs/storyboard.vtt" })
        {
            Assert.NotNull(await store.StatAsync(StoreKeys.Media(video.Id, key), CancellationToken.None));
        }

        var playlist = await ReadAsync(store, StoreKeys.Media(video.Id, "hls/240p/index.m3u8"));
        Assert.Contains("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:", playlist, StringComparison.Ordinal);
        foreach (var segment in playlist.Split('\n').Where(l => l.EndsWith(".m4s", StringComparison.Ordinal)))
        {
            Assert.NotNull(await store.StatAsync(StoreKeys.Media(video.Id, "hls/240p/" + segment), CancellationToken.None));
        }

        // The title went to the search index before the video became Ready; the shared work folder keeps nothing.
        Assert.Contains(ingest.Edition.Search.Requests, r => r.Body?.Contains("Moonrise over the bay", StringComparison.Ordinal) == true && r.Path.EndsWith("/docs/search.index", StringComparison.Ordinal));
        Assert.Empty(ingest.WorkLeftovers(video.Id));
        Assert.NotNull(await store.StatAsync(video.SourceKey!, CancellationToken.None));
    }

    [Fact]
    public async Task A_duplicate_storage_event_starts_one_run_and_a_finished_run_is_never_run_again()
    {
        var transcodes = 0;
        await using var ingest = await AzureIngest.StartAsync(emulators, registry => registry.Decorate(
            MediaActivities.TranscodeChunk, inner => (request, token) =>
            {
                Interlocked.Increment(ref transcodes);
                return inner(request, token);
            }));
        var video = await ingest.UploadAsync(Clip("duplicate", 3), "Twice delivered");
        var message = ingest.BlobCreated(video);

        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ingest.DeliverAsync(message)));
        Assert.Equal(1, starts.Count(started => started));
        await ingest.WaitAsync(video);
        var ready = await ingest.FindAsync(video.Id);
        var chunks = transcodes;

        // Started again after the run finished: the backend refuses an instance id that exists, in any state (the
        // storage event would not even get this far: it starts only uploaded or processing videos).
        var request = new IngestRequest(video.Id, video.SourceKey!, video.Attempt);
        var finished = await ingest.Client.GetInstanceAsync(request.InstanceId);
        Assert.False(await IngestStart.StartAsync(ingest.Client, request, CancellationToken.None));
        Assert.False(await ingest.DeliverAsync(message));
        var after = await ingest.Client.GetInstanceAsync(request.InstanceId);
        Assert.Equal(finished!.CreatedAt, after!.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(chunks, transcodes);
        Assert.Equal(ready.UpdatedAt, (await ingest.FindAsync(video.Id)).UpdatedAt);
        Assert.Equal(VideoStatus.Ready, ready.Status);
    }

    [Fact]
    public async Task A_chunk_failing_for_good_fails_the_video_once_its_running_siblings_have_stopped()
    {
        // Chunk 1 asks for a chunk the plan does not have, which the real handler refuses with a verdict (as it would a
        // damaged source); the others run ffmpeg for a few seconds each (a slow preset on a 720p rung).
        var running = 0;
        var cleanedUnderRunningStep = false;
        var outcomes = new ConcurrentDictionary<int, string>();
        var attempts = new ConcurrentDictionary<int, int>();
        await using var ingest = await AzureIngest.StartAsync(
            emulators,
            registry => registry
                .Decorate(MediaActivities.TranscodeChunk, inner => async (request, token) =>
                {
                    attempts.AddOrUpdate(request.Index, 1, (_, n) => n + 1);
                    if (request.Index == 1)
                    {
                        return await inner(request with { Index = 9_999 }, token);
                    }

                    Interlocked.Increment(ref running);
                    try
                    {
                        var result = await inner(request, token);
                        outcomes[request.Index] = "finished";
                        return result;
                    }
                    catch (Exception ex)
                    {
                        outcomes[request.Index] = ex.GetType().Name;
                        throw;
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                })
                .Decorate(IngestActivities.MarkFailed, inner => (update, token) =>
                {
                    cleanedUnderRunningStep |= Volatile.Read(ref running) > 0;
                    return inner(update, token);
                }),
            new Dictionary<string, string?>
            {
                ["Media:Ladder:0:Name"] = "720p",
                ["Media:Ladder:0:Height"] = "720",
                ["Media:Ladder:0:BitrateKbps"] = "2500",
                ["Media:Encoding:Preset"] = "veryslow",
                ["Media:ChunkDuration"] = "00:00:04",
            });
        var video = await ingest.UploadAsync(Clip("damaged", 12, "1280x720"), "Fails in the middle");

        var (failed, _) = await ingest.RunToEndAsync(video);

        Assert.Equal(VideoStatus.Failed, failed.Status);
        Assert.Equal("media-processing-failed", failed.FailureCode);
        Assert.Contains("no chunk 9999", failed.FailureReason, StringComparison.Ordinal);
        Assert.Empty(failed.Renditions);

        // A verdict on the source is not retried; the siblings were stopped, not left to run, and nothing was
        // cleared while one of them still ran; no ffmpeg is left and the work folder is empty.
        Assert.Equal(1, attempts[1]);
        Assert.Contains(outcomes.Values, o => o == nameof(JobAbandonedException));
        Assert.False(cleanedUnderRunningStep);
        Assert.Empty(TestTools.ProcessesMentioning(ingest.Edition.WorkFolder));
        Assert.Empty(ingest.WorkLeftovers(video.Id));
        Assert.NotNull(await ingest.Edition.Get<IMediaStore>().StatAsync(video.SourceKey!, CancellationToken.None));
    }

    [Fact]
    public async Task A_passing_fault_is_retried_and_the_title_still_becomes_ready()
    {
        var stitches = 0;
        await using var ingest = await AzureIngest.StartAsync(emulators, registry => registry.Decorate(
            MediaActivities.Stitch, inner => (request, token) => Interlocked.Increment(ref stitches) == 1
                ? throw new IOException("The share did not answer in time.")
                : inner(request, token)));
        var video = await ingest.UploadAsync(Clip("transient", 2), "Retried");

        var (ready, _) = await ingest.RunToEndAsync(video);

        Assert.Equal(VideoStatus.Ready, ready.Status);
        Assert.True(stitches >= 2);
    }

    [Fact]
    public async Task An_error_of_the_orchestration_itself_still_ends_the_video_failed_even_when_marking_it_fails_at_first()
    {
        var markFailed = 0;
        await using var ingest = await AzureIngest.StartAsync(emulators, registry => registry
            .Decorate(MediaActivities.CheckRendition, _ => (_, _) => Task.FromResult<StreamCheck>(null!))
            .Decorate(IngestActivities.MarkFailed, inner => (update, token) => Interlocked.Increment(ref markFailed) == 1
                ? throw new IOException("The catalog is unavailable.")
                : inner(update, token)));
        var video = await ingest.UploadAsync(Clip("broken", 2), "Breaks the orchestrator");

        var (failed, _) = await ingest.RunToEndAsync(video);

        Assert.Equal(VideoStatus.Failed, failed.Status);
        Assert.Equal("media-processing-failed", failed.FailureCode);
        Assert.StartsWith("The pipeline stopped:", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(2, markFailed);
        Assert.Empty(ingest.WorkLeftovers(video.Id));
    }

    private string Clip(string name, int seconds, string size = "320x180")
        => TestTools.MakeClip(_clips.Combine($"{name}.mp4"), size, seconds);

    private static async Task<string> ReadAsync(IMediaStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, 0, null, CancellationToken.None);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
