using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Netflix.Hosting.Api;

/// <summary>
/// A token bucket per caller and limited route: a minute's allowance as the burst, refilled evenly, so a caller who
/// stays under the rate is never refused and one who goes over is refused alone, with how long to wait.
/// </summary>
public sealed class ApiLimits : IDisposable
{
    /// <summary>How often the partitioned limiter refills its buckets; finer refills are batched into this step.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly PartitionedRateLimiter<string> _stream;
    private readonly PartitionedRateLimiter<string> _search;

    public ApiLimits(IOptions<LimitOptions> options)
    {
        _stream = PerCaller(options.Value.StreamPerMinute);
        _search = PerCaller(options.Value.SearchPerMinute);
    }

    /// <summary>Takes one request from the caller's allowance; when none is left, says how long until there is.</summary>
    public bool TryAcquire(ApiLimit limit, string callerId, out TimeSpan retryAfter)
    {
        using var lease = (limit == ApiLimit.Stream ? _stream : _search).AttemptAcquire(callerId);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : Tick;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _search.Dispose();
    }

    /// <summary>One token every minute/<paramref name="perMinute"/>, or as many per tick as that rate needs when it is faster.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        var tokens = 1;
        var period = TimeSpan.FromMinutes(1) / perMinute;
        if (period < Tick)
        {
            tokens = (int)Math.Ceiling(perMinute * Tick.TotalMinutes);
            period = TimeSpan.FromMinutes(1) * tokens / perMinute;
        }

        // Refilled by the partitioned limiter's own timer rather than one timer per caller.
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }

    private static PartitionedRateLimiter<string> PerCaller(int perMinute)
        => PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => Bucket(perMinute)));
}
