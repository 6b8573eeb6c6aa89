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
        var policy = new RetryPolicy(4, TimeSpan.FromSeconds(2), backoffCoefficient: 1.5);

        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayBefore(2));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(3));
        Assert.Equal(TimeSpan.FromSeconds(4.5), policy.DelayBefore(4));
    }

    [Fact]
    public void Coefficient_of_one_gives_a_constant_delay()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromMilliseconds(250), backoffCoefficient: 1);

        Assert.All(Enumerable.Range(2, 5), attempt => Assert.Equal(TimeSpan.FromMilliseconds(250), policy.DelayBefore(attempt)));
    }

    [Fact]
    public void Delay_stops_growing_at_the_longest_delay()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(2), maxDelay: TimeSpan.FromSeconds(10));

        Assert.Equal([2, 4, 8, 10, 10], Enumerable.Range(2, 5).Select(attempt => policy.DelayBefore(attempt).TotalSeconds));
    }

    [Theory]
    [InlineData(0, 1000, 2.0, null)]
    [InlineData(3, 0, 2.0, null)]
    [InlineData(3, -5, 2.0, null)]
    [InlineData(3, 1000, 0.5, null)]
    [InlineData(3, 1000, double.NaN, null)]
    [InlineData(3, 1000, 2.0, 500)]
    public void Values_a_retry_engine_would_refuse_are_refused_when_made(int attempts, int firstMilliseconds, double backoff, int? maxMilliseconds)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(
            attempts, TimeSpan.FromMilliseconds(firstMilliseconds), backoff, maxMilliseconds is { } max ? TimeSpan.FromMilliseconds(max) : null));

    [Fact]
    public void Verdicts_on_the_input_and_abandoned_jobs_are_final_other_failures_are_not()
    {
        Assert.True(RetryPolicy.IsFinal(new Media.MediaProcessingException(new Media.MediaFailure(Media.MediaFailureCode.Damaged, "x"))));
        Assert.True(RetryPolicy.IsFinal(new Media.JobAbandonedException()));
        Assert.True(RetryPolicy.IsFinal(new ArgumentOutOfRangeException("x")));
        Assert.False(RetryPolicy.IsFinal(new IOException("the share is busy")));
        Assert.False(RetryPolicy.IsFinal(new TimeoutException()));
    }

    [Fact]
    public void Every_activity_of_the_pipeline_is_retried_by_a_policy_of_its_own()
    {
        var activities = new[] { typeof(Media.MediaActivities), typeof(Ingest.IngestActivities) }
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(Activity<,>))
            .Select(f => f.GetValue(null)!)
            .ToList();

        Assert.NotEmpty(activities);
        Assert.All(activities, activity =>
        {
            var retry = (RetryPolicy?)activity.GetType().GetProperty(nameof(Activity<int, int>.Retry))!.GetValue(activity);
            Assert.NotNull(retry);
            Assert.InRange(retry.MaxAttempts, 2, 100);
        });
    }
}
