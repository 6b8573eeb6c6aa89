using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Netflix.Hosting.Api;

namespace Netflix.Functions.Tests.Api;

/// <summary>The per-minute limits both editions apply, on a clock the test moves: N means at most N in any 60 seconds.</summary>
public sealed class ApiLimitsTests
{
    private const int PerMinute = 600;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(ApiLimit.Stream)]
    [InlineData(ApiLimit.Search)]
    public void Requests_spread_over_minutes_never_pass_more_than_the_limit_in_any_60_seconds(ApiLimit limit)
    {
        var limits = Limits();
        var step = TimeSpan.FromMilliseconds(50);
        var granted = new List<TimeSpan>();
        var elapsed = TimeSpan.Zero;

        // Twenty requests a second for three minutes: twice the rate, evenly spread.
        for (var i = 0; i < 3 * 60 * 20; i++)
        {
            if (limits.TryAcquire(limit, "greedy", out _))
            {
                granted.Add(elapsed);
            }

            _clock.Advance(step);
            elapsed += step;
        }

        // A token bucket with a minute's burst refilled evenly passed about 1,150 in the first minute.
        Assert.Equal(PerMinute, granted.Count(t => t < TimeSpan.FromMinutes(1)));
        for (var first = 0; first < granted.Count; first++)
        {
            var inWindow = granted.Skip(first).TakeWhile(t => t - granted[first] < TimeSpan.FromSeconds(60)).Count();
            Assert.True(inWindow <= PerMinute, $"{inWindow} requests passed in the 60 s from {granted[first]}");
        }

        // And the limit is the rate a patient caller gets over time: one window's worth per window and a slot.
        Assert.InRange(granted.Count, 3 * PerMinute * 60 / 61, 3 * PerMinute);
    }

    [Fact]
    public void A_caller_under_the_rate_is_never_refused()
    {
        var limits = Limits();

        // N requests in every 62 seconds (just under the limit: a request counts for up to a slot past the window), evenly, for five minutes.
        var step = TimeSpan.FromSeconds(62) / PerMinute;
        for (var i = 0; i < 5 * PerMinute; i++)
        {
            Assert.True(limits.TryAcquire(ApiLimit.Stream, "steady", out _), $"request {i + 1} refused");
            _clock.Advance(step);
        }
    }

    [Fact]
    public void A_refusal_says_when_the_window_has_room_again_and_it_does()
    {
        var limits = Limits();
        for (var i = 0; i < PerMinute; i++)
        {
            Assert.True(limits.TryAcquire(ApiLimit.Stream, "burst", out _));
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(limits.TryAcquire(ApiLimit.Stream, "burst", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));

        // Another caller and the other route are untouched.
        Assert.True(limits.TryAcquire(ApiLimit.Stream, "someone else", out _));
        Assert.True(limits.TryAcquire(ApiLimit.Search, "burst", out _));

        _clock.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
        Assert.False(limits.TryAcquire(ApiLimit.Stream, "burst", out _));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limits.TryAcquire(ApiLimit.Stream, "burst", out _));
    }

    [Fact]
    public void Callers_with_nothing_left_in_the_window_are_forgotten()
    {
        var limit = new SlidingWindowLimit(5, ApiLimits.Window, _clock);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limit.TryAcquire("caller " + i, out _));
        }

        Assert.Equal(1000, limit.Callers);
        _clock.Advance(TimeSpan.FromSeconds(62));
        Assert.True(limit.TryAcquire("late", out _));
        Assert.Equal(1, limit.Callers);
    }

    private ApiLimits Limits()
        => new(Options.Create(new LimitOptions { StreamPerMinute = PerMinute, SearchPerMinute = PerMinute }), _clock);
}
