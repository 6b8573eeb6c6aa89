using System.Globalization;

namespace Netflix.Media.Benchmarks;

/// <summary>CPU time of this process and of its finished children, from /proc/self/stat (clock ticks).</summary>
internal readonly record struct CpuTimes(TimeSpan Self, TimeSpan Children)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public TimeSpan Total => Self + Children;

    public static CpuTimes Now()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After the command name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
        double Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture) / TicksPerSecond;
        return new CpuTimes(TimeSpan.FromSeconds(Field(11) + Field(12)), TimeSpan.FromSeconds(Field(13) + Field(14)));
    }

    public static CpuTimes operator -(CpuTimes a, CpuTimes b) => new(a.Self - b.Self, a.Children - b.Children);
}

/// <summary>
/// Samples the resident memory of this process's child processes (the ffmpeg runs) every 50 ms and keeps the
/// peak of their sum: what the machine had to hold at once.
/// </summary>
internal sealed class ChildMemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakBytes;

    public ChildMemorySampler()
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var total = Children().Sum(ResidentBytes);
                if (total > Interlocked.Read(ref _peakBytes))
                {
                    Interlocked.Exchange(ref _peakBytes, total);
                }

                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public static long SelfResidentBytes() => ResidentBytes(Environment.ProcessId);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static IEnumerable<int> Children()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var pid in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(pid, CultureInfo.InvariantCulture);
            }
        }
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(statm[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
