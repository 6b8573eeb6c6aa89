using System.Security.Cryptography;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Netflix.Azure.Ingest;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Testing;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Ingest;

/// <summary>
/// The Azure edition's ingest as this machine can run it: the Functions app's services over the emulators, its
/// orchestrators and activity functions on the in-process Durable test host, real ffmpeg, and uploads that arrive
/// through the upload service and start the pipeline with the BlobCreated event Event Grid would deliver.
/// </summary>
internal sealed class AzureIngest : IAsyncDisposable
{
    private AzureIngest(AzureEdition edition, DurableApp durable)
    {
        Edition = edition;
        Durable = durable;
    }

    public AzureEdition Edition { get; }

    public DurableApp Durable { get; }

    public DurableTaskClient Client => Durable.Client;

    public ICatalog Catalog => Edition.Get<ICatalog>();

    /// <summary>Settings for short clips: 1 s segments, 2 s chunks, a 240p and a 144p rung, 64 KiB upload chunks.</summary>
    public static IReadOnlyDictionary<string, string?> SmallLadder { get; } = HostProcess.SmallLadder
        .Where(a => a.StartsWith("--Media:", StringComparison.Ordinal) || a.StartsWith("--Uploads:", StringComparison.Ordinal))
        .Select(a => a[2..].Split('=', 2))
        .ToDictionary(p => p[0], p => (string?)p[1]);

    /// <param name="decorate">Changes to the app's activities for a fault test (applied after the edition's own).</param>
    public static async Task<AzureIngest> StartAsync(Emulators emulators, Action<ActivityRegistry>? decorate = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = SmallLadder.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var edition = await AzureEdition.StartAsync(emulators.Blobs, emulators.Cosmos, merged, services =>
        {
            if (decorate is not null)
            {
                services.AddSingleton<IActivityDecorator>(new TestDecorator(decorate));
            }
        });
        var durable = await DurableApp.StartAsync(typeof(ActivityFunctions).Assembly, type => ActivatorUtilities.CreateInstance(edition.Services, type));
        await edition.Get<ICatalog>().UpsertUserAsync(new User("ada", "Ada", UserRole.Admin, DateTimeOffset.UtcNow), CancellationToken.None);
        return new AzureIngest(edition, durable);
    }

    /// <summary>Uploads <paramref name="path"/> in chunks and commits it; returns the video as committed.</summary>
    public async Task<Video> UploadAsync(string path, string title)
    {
        var uploads = Edition.Get<UploadService>();
        var bytes = await File.ReadAllBytesAsync(path);
        var session = await uploads.CreateAsync("ada", new CreateUploadRequest(title, "A test clip.", ["test"], null, Path.GetFileName(path), bytes.Length), CancellationToken.None);
        for (var i = 0; i < session.ChunkCount; i++)
        {
            var chunk = bytes.AsMemory(i * session.ChunkSize, Math.Min(session.ChunkSize, bytes.Length - (i * session.ChunkSize)));
            await uploads.PutChunkAsync(session.UploadId, i, chunk.Length, SHA256.HashData(chunk.Span), new MemoryStream(chunk.ToArray()), CancellationToken.None);
        }

        return await uploads.CompleteAsync(session.UploadId, sha256: null, CancellationToken.None);
    }

    /// <summary>The BlobCreated event of the committed source, in Event Grid's schema, as the Service Bus queue delivers it.</summary>
    public string BlobCreated(Video video)
        => $$"""{"id":"{{Guid.NewGuid()}}","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/{{Edition.UploadsContainer}}/blobs/{{video.SourceKey}}","eventTime":"2026-12-01T00:00:00Z","data":{"api":"PutBlockList"},"dataVersion":"1"}""";

    /// <summary>What the Service Bus trigger does with a message: the same call.</summary>
    public Task<bool> DeliverAsync(string message)
        => IngestStart.FromStorageEventAsync(Edition.Get<UploadEvents>(), Client, message, NullLogger.Instance, CancellationToken.None);

    public async Task<OrchestrationMetadata> WaitAsync(Video video, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromMinutes(3));
        return await Client.WaitForInstanceCompletionAsync(new IngestRequest(video.Id, video.SourceKey!, video.Attempt).InstanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Delivers the committed upload's storage event and waits for its run to end; the run must complete (not fail).</summary>
    public async Task<(Video Video, TranscodeOutcome Outcome)> RunToEndAsync(Video committed)
    {
        await DeliverAsync(BlobCreated(committed));
        var instance = await WaitAsync(committed);
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The run ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        }

        return (await FindAsync(committed.Id), instance.ReadOutputAs<TranscodeOutcome>()!);
    }

    public async Task<Video> FindAsync(string id)
        => await Edition.Get<Netflix.Azure.Catalog.CosmosCatalog>().FindVideoAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"No video {id}.");

    /// <summary>Everything of the video left in the shared work folder (nothing, once its job has ended).</summary>
    public IReadOnlyList<string> WorkLeftovers(string videoId)
        => new[] { Path.Combine(Edition.WorkFolder, "media", videoId), Path.Combine(Edition.WorkFolder, "sources", videoId) }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).DefaultIfEmpty(d))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Durable.DisposeAsync();
        await Edition.DisposeAsync();
    }

    private sealed class TestDecorator(Action<ActivityRegistry> decorate) : IActivityDecorator
    {
        public void Apply(ActivityRegistry registry) => decorate(registry);
    }
}
