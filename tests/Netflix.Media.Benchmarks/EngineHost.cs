using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Media.Benchmarks;

/// <summary>One activity call as the timing invoker saw it: offsets from the start of the run, CPU used so far.</summary>
internal sealed record ActivitySpan(string Name, string Detail, TimeSpan Start, TimeSpan End, CpuTimes CpuAtEnd)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>Runs the transcode workflow in this process, the way the one-machine edition does, and times every activity.</summary>
internal sealed class EngineHost(MediaOptions options, int parallelism, string workspaceRoot) : IAsyncDisposable
{
    private readonly ServiceProvider _provider = Build(options, workspaceRoot);

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async Task<(TranscodeOutcome Outcome, IReadOnlyList<ActivitySpan> Spans)> RunAsync(
        MediaJob job, CpuTimes cpuAtStart, CancellationToken cancellationToken)
    {
        var registry = Get<MediaActivityHandlers>().RegisterWith(new ActivityRegistry());
        var clock = Stopwatch.StartNew();
        var invoker = new TimingInvoker(new RegistryActivityInvoker(registry), clock, cpuAtStart);
        using var context = new InProcessWorkflowContext(job.VideoId, invoker, parallelism, null, cancellationToken);
        var outcome = await TranscodeWorkflow.RunAsync(context, job);
        await context.CancelOutstandingAsync();
        return (outcome, invoker.Spans.OrderBy(s => s.Start).ToList());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    /// <summary>Links (or copies) a source into a fresh workspace and names the job after it.</summary>
    public static MediaJob Import(string workspaceRoot, string source, string videoId)
    {
        var key = Path.Combine("uploads", videoId + Path.GetExtension(source));
        var target = Path.Combine(workspaceRoot, key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        return new MediaJob(videoId, key);
    }

    private static ServiceProvider Build(MediaOptions options, string workspaceRoot)
    {
        var services = new ServiceCollection();
        services.AddNetflixMedia();
        services.AddSingleton<IOptions<MediaOptions>>(Options.Create(options));
        services.AddSingleton<IMediaWorkspace>(new DirectoryMediaWorkspace(workspaceRoot));
        return services.BuildServiceProvider();
    }

    private sealed class TimingInvoker(IActivityInvoker inner, Stopwatch clock, CpuTimes cpuAtStart) : IActivityInvoker
    {
        public ConcurrentBag<ActivitySpan> Spans { get; } = [];

        public async Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        {
            var start = clock.Elapsed;
            var output = await inner.InvokeAsync(activity, input, cancellationToken);
            var detail = input switch
            {
                ChunkRequest chunk => chunk.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StitchRequest stitch => stitch.ReadyChunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                RenditionCheckRequest check => check.Rendition,
                _ => string.Empty,
            };
            Spans.Add(new ActivitySpan(activity.Name, detail, start, clock.Elapsed, CpuTimes.Now() - cpuAtStart));
            return output;
        }
    }
}
