using System.Threading.Channels;

namespace Netflix.Azure.Tests.Playback;

/// <summary>A clock the test moves, and timers that fire when the test says so.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public ManualTimer? Timer { get; private set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => Timer = new ManualTimer(() => callback(state));
}

/// <summary>Records each time it is set; fires only through <see cref="Fire"/>.</summary>
public sealed class ManualTimer(Action callback) : ITimer
{
    private readonly Channel<TimeSpan> _changes = Channel.CreateUnbounded<TimeSpan>();

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        _changes.Writer.TryWrite(dueTime);
        return true;
    }

    public void Fire() => callback();

    /// <summary>The next due time the owner sets (waits for it, at most 10 s).</summary>
    public async Task<TimeSpan> NextChangeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _changes.Reader.ReadAsync(timeout.Token);
    }

    public void Dispose() => _changes.Writer.TryComplete();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
