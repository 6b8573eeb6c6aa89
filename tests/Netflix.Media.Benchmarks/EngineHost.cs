using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Media.Benchmarks;

/// <summary>One activity call as the timing invoker saw it: offsets from the start of the run.</summary>
internal sealed record ActivitySpan(string Name, string Detail, TimeSpan Start, TimeSpan End);

/// <summary>Runs the transcode workflow in this process, the way the one-machine edition does, and times every activity.</summary>
internal sealed class EngineHost(MediaOptions options, int parallelism)
{
    public async Task<(TranscodeOutcome Outcome, IReadOnlyList<ActivitySpan> Spans)> RunAsync(string sourcePath, string workspaceRoot, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddNetflixMedia();
        services.AddSingleton<IOptions<MediaOptions>>(Options.Create(options));
        services.AddSingleton<IMediaWorkspace>(new DirectoryMediaWorkspace(workspaceRoot));
        await using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<MediaActivityHandlers>().RegisterWith(new ActivityRegistry());
        var clock = Stopwatch.StartNew();
        var invoker = new TimingInvoker(new RegistryActivityInvoker(registry), clock);
        using var context = new InProcessWorkflowContext("bench", invoker, parallelism, null, cancellationToken);
        var sourceKey = Path.GetRelativePath(workspaceRoot, sourcePath);
        var outcome = await TranscodeWorkflow.RunAsync(context, new MediaJob("bench", sourceKey));
        return (outcome, invoker.Spans.OrderBy(s => s.Start).ToList());
    }

    private sealed class TimingInvoker(IActivityInvoker inner, Stopwatch clock) : IActivityInvoker
    {
        public ConcurrentBag<ActivitySpan> Spans { get; } = [];

        public async Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
        {
            var start = clock.Elapsed;
            var output = await inner.InvokeAsync(activity, input, cancellationToken);
            var detail = input switch
            {
                ChunkRequest chunk => $"chunk {chunk.Chunk.Index}",
                StitchRequest stitch => $"{stitch.ReadyChunks}/{stitch.TotalChunks}",
                RenditionCheckRequest check => check.Rendition,
                _ => string.Empty,
            };
            Spans.Add(new ActivitySpan(activity.Name, detail, start, clock.Elapsed));
            return output;
        }
    }
}
