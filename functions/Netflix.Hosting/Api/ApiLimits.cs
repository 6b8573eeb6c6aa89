using Microsoft.Extensions.Options;

namespace Netflix.Hosting.Api;

/// <summary>
/// Each limited route's rate per caller, meant as its name says: at most N requests in any 60 seconds
/// (<see cref="SlidingWindowLimit"/>). A caller who stays under it is never refused; one who goes over is refused
/// alone, with how long until their oldest counted request leaves the window.
/// </summary>
public sealed class ApiLimits(IOptions<LimitOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly SlidingWindowLimit _stream = new(options.Value.StreamPerMinute, Window, time);
    private readonly SlidingWindowLimit _search = new(options.Value.SearchPerMinute, Window, time);

    /// <summary>Counts one request against the caller's rate; when the window is full, says how long until it is not.</summary>
    public bool TryAcquire(ApiLimit limit, string callerId, out TimeSpan retryAfter)
        => (limit == ApiLimit.Stream ? _stream : _search).TryAcquire(callerId, out retryAfter);
}
