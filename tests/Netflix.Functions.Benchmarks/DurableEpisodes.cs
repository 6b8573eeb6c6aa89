using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Netflix.Functions.Benchmarks;

/// <summary>
/// Reads the Durable worker's own record of each orchestrator episode: it logs, per work item, how many history events
/// it replays and how many are new, and then the actions it sends back. The time between the two is the episode's
/// replay and run time; the counts add up to the history the backend keeps and the events replayed.
/// </summary>
internal sealed class DurableEpisodes : ILoggerProvider
{
    private const int Received = 10;
    private const int Sending = 11;

    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _history = new(StringComparer.Ordinal);
    private long _episodes;
    private long _replayed;
    private long _ticks;

    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>History events replayed over all episodes.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Time the worker spent running orchestrator episodes (replay included).</summary>
    public TimeSpan EpisodeTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    /// <summary>History events of every orchestration at its last episode: what the backend holds.</summary>
    public long HistoryEvents => _history.Values.Sum(v => (long)v);

    public int Orchestrations => _history.Count;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void OnReceived(string instance, int old, int fresh)
    {
        _started[instance] = Stopwatch.GetTimestamp();
        _history[instance] = old + fresh;
        Interlocked.Increment(ref _episodes);
        Interlocked.Add(ref _replayed, old);
    }

    private void OnSending(string instance)
    {
        if (_started.TryRemove(instance, out var start))
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        }
    }

    private sealed class Logger(DurableEpisodes owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (Received or Sending) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            var instance = values.FirstOrDefault(v => v.Key == "instanceId").Value as string;
            if (instance is null)
            {
                return;
            }

            if (eventId.Id == Received && values.FirstOrDefault(v => v.Key == "oldEventCount").Value is int old
                && values.FirstOrDefault(v => v.Key == "newEventCount").Value is int fresh)
            {
                owner.OnReceived(instance, old, fresh);
            }
            else if (eventId.Id == Sending)
            {
                owner.OnSending(instance);
            }
        }
    }
}
