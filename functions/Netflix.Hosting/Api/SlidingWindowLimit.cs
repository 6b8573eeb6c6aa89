using System.Collections.Concurrent;

namespace Netflix.Hosting.Api;

/// <summary>
/// At most <c>limit</c> requests per caller in any span of one window. The window is cut into
/// <see cref="Segments"/> slots; a request counts against its caller until its slot has wholly left the window, so it
/// is forgotten between one window and one window plus a slot after it was made, never sooner. Callers with nothing
/// left in the window are dropped at the next sweep, so memory follows the active callers only.
/// </summary>
internal sealed class SlidingWindowLimit
{
    public const int Segments = 60;

    /// <summary>The slots a caller's counts span: the window's and the one being filled now.</summary>
    private const int Ring = Segments + 1;

    private readonly ConcurrentDictionary<string, Counts> _callers = new(StringComparer.Ordinal);
    private readonly int _limit;
    private readonly TimeSpan _slot;
    private readonly TimeProvider _time;
    private readonly long _start;
    private long _nextSweep = Segments;

    public SlidingWindowLimit(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
        _slot = window / Segments;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Callers currently remembered (for tests of the sweep).</summary>
    internal int Callers => _callers.Count;

    public bool TryAcquire(string callerId, out TimeSpan retryAfter)
    {
        var elapsed = _time.GetElapsedTime(_start);
        var slot = elapsed.Ticks / _slot.Ticks;
        SweepIfDue(slot);
        while (true)
        {
            var counts = _callers.GetOrAdd(callerId, static _ => new Counts());
            lock (counts)
            {
                // Swept away between the look-up and the lock: take the caller's fresh entry instead.
                if (counts.Gone)
                {
                    continue;
                }

                counts.Expire(slot);
                if (counts.Total >= _limit)
                {
                    // The oldest slot still counted leaves the window when the slot after the window's end begins.
                    retryAfter = (_slot * (counts.Oldest() + Ring)) - elapsed;
                    return false;
                }

                counts.Add(slot);
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    private void SweepIfDue(long slot)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (slot < due || Interlocked.CompareExchange(ref _nextSweep, slot + Segments, due) != due)
        {
            return;
        }

        foreach (var (id, counts) in _callers)
        {
            lock (counts)
            {
                counts.Expire(slot);
                if (counts.Total == 0)
                {
                    counts.Gone = true;
                    _callers.TryRemove(new KeyValuePair<string, Counts>(id, counts));
                }
            }
        }
    }

    /// <summary>One caller's requests per slot, in a ring indexed by slot number.</summary>
    private sealed class Counts
    {
        private readonly long[] _slots = new long[Ring];
        private readonly int[] _hits = new int[Ring];

        public int Total { get; private set; }

        public bool Gone { get; set; }

        /// <summary>Forgets the slots that have wholly left the window ending in <paramref name="now"/>.</summary>
        public void Expire(long now)
        {
            for (var i = 0; i < Ring; i++)
            {
                if (_hits[i] > 0 && _slots[i] + Segments < now)
                {
                    Total -= _hits[i];
                    _hits[i] = 0;
                }
            }
        }

        public void Add(long now)
        {
            var i = (int)(now % Ring);
            if (_hits[i] == 0 || _slots[i] != now)
            {
                _slots[i] = now;
                _hits[i] = 0;
            }

            _hits[i]++;
            Total++;
        }

        public long Oldest()
        {
            var oldest = long.MaxValue;
            for (var i = 0; i < Ring; i++)
            {
                if (_hits[i] > 0 && _slots[i] < oldest)
                {
                    oldest = _slots[i];
                }
            }

            return oldest;
        }
    }
}
