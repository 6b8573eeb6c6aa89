namespace Netflix.Azure.Tests.Startup;

/// <summary>
/// A clock on which waiting costs no real time: a timer due in d moves the clock d forward and fires at once. Each
/// wait is recorded, so a test sees the pauses the code under test chose.
/// </summary>
public sealed class AdvancingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = start;

    public DateTimeOffset Start { get; } = start;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    /// <summary>How far the clock has moved since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PassingTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Pass(TimeSpan wait)
    {
        lock (_lock)
        {
            _now += wait;
            _waits.Add(wait);
        }
    }

    /// <summary>Fires once per Change with a finite due time, after moving the clock by it; periods are not repeated.</summary>
    private sealed class PassingTimer(AdvancingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Pass(dueTime);

                // Not inline: the owner may still be setting up what the callback touches.
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    if (!_disposed)
                    {
                        callback(state);
                    }
                });
            }

            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
