using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 10)]
    [InlineData(4, 20)]
    [InlineData(5, 40)]
    public void Delay_doubles_after_the_first_retry(int attempt, int expectedSeconds)
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), policy.DelayBefore(attempt));
    }

    [Fact]
    public void Delay_before_the_first_attempt_is_never_below_the_first_delay()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(1));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(0));
    }

    [Fact]
    public void Delay_follows_a_custom_backoff_coefficient()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromSeconds(2), BackoffCoefficient: 1.5);

        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayBefore(2));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(3));
        Assert.Equal(TimeSpan.FromSeconds(4.5), policy.DelayBefore(4));
    }

    [Fact]
    public void Coefficient_of_one_gives_a_constant_delay()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromMilliseconds(250), BackoffCoefficient: 1);

        Assert.All(Enumerable.Range(2, 5), attempt => Assert.Equal(TimeSpan.FromMilliseconds(250), policy.DelayBefore(attempt)));
    }
}
