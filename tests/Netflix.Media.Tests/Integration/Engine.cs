using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Media.Tests.Integration;

/// <summary>The media engine wired the way a host wires it, over a workspace in a temporary folder.</summary>
internal sealed class Engine : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public Engine(MediaRunnerKind runner = MediaRunnerKind.Xabe, Action<MediaOptions>? configure = null)
    {
        Workspace = Path.Combine(Path.GetTempPath(), "netflix-ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Workspace);
        Options = SmallLadder();
        Options.Runner = runner;
        configure?.Invoke(Options);

        var services = new ServiceCollection();
        services.AddNetflixMedia();
        services.AddSingleton<IOptions<MediaOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton<IMediaWorkspace>(new DirectoryMediaWorkspace(Workspace));
        _provider = services.BuildServiceProvider();
        Handlers = _provider.GetRequiredService<MediaActivityHandlers>();
    }

    public string Workspace { get; }

    public MediaOptions Options { get; }

    public MediaActivityHandlers Handlers { get; }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Test ladder: two small rungs, 1 s segments, 2 s chunks, so a few seconds of video make several chunks.</summary>
    public static MediaOptions SmallLadder() => new()
    {
        Ladder =
        [
            new LadderRung { Name = "240p", Height = 240, BitrateKbps = 400 },
            new LadderRung { Name = "144p", Height = 144, BitrateKbps = 150 },
        ],
        SegmentDuration = TimeSpan.FromSeconds(1),
        ChunkDuration = TimeSpan.FromSeconds(2),
        FirstChunkDuration = TimeSpan.FromSeconds(2),
        Thumbnails = new ThumbnailOptions { TileColumns = 4, TileRows = 2, MinInterval = TimeSpan.FromSeconds(1) },
    };

    /// <summary>Copies a source into the workspace and names the job after it.</summary>
    public MediaJob Import(string sourcePath, string videoId)
    {
        var key = Path.Combine("uploads", videoId + Path.GetExtension(sourcePath));
        var target = Path.Combine(Workspace, key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(sourcePath, target, overwrite: true);
        return new MediaJob(videoId, key);
    }

    public JobLayout Layout(MediaJob job) => new(_provider.GetRequiredService<IMediaWorkspace>().GetJobDirectory(job));

    /// <summary>The chunks as the split step made them (kept in the job folder).</summary>
    public ChunkPlan SplitChunks(MediaJob job) => JobPlans.ReadSplitAsync(Layout(job), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The chunks as the analysis planned them (kept in the job folder under the plan's id).</summary>
    public ChunkPlan PlannedChunks(MediaJob job, string planId) => JobPlans.ReadAsync(Layout(job), planId, CancellationToken.None).GetAwaiter().GetResult().Planned;

    public async Task<(TranscodeOutcome Outcome, List<WorkflowStatus> Statuses, List<StitchRequest> Stitches)> TranscodeAsync(
        MediaJob job, int parallelism = 2, CancellationToken cancellationToken = default)
    {
        var statuses = new List<WorkflowStatus>();
        var stitches = new List<StitchRequest>();
        var registry = Handlers.RegisterWith(new ActivityRegistry());
        var invoker = new RecordingInvoker(new RegistryActivityInvoker(registry), stitches);
        using var context = new InProcessWorkflowContext(job.VideoId, invoker, parallelism, status => { lock (statuses) { statuses.Add(status); } }, cancellationToken);
        try
        {
            var outcome = await TranscodeWorkflow.RunAsync(context, job);
            return (outcome, statuses, stitches);
        }
        finally
        {
            await context.CancelOutstandingAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class RecordingInvoker(IActivityInvoker inner, List<StitchRequest> stitches) : IActivityInvoker
    {
        public Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        {
            if (input is StitchRequest stitch)
            {
                lock (stitches)
                {
                    stitches.Add(stitch);
                }
            }

            return inner.InvokeAsync(activity, input, cancellationToken);
        }
    }
}
