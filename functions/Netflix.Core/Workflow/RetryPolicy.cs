using Netflix.Core.Media;

namespace Netflix.Core.Workflow;

/// <summary>
/// How often a failed activity is tried again and how long to wait between tries. Checked when made, with the rules
/// every host's retry engine shares (Durable's refuses the same values inside a running orchestration).
/// </summary>
public sealed record RetryPolicy
{
    public RetryPolicy(int maxAttempts, TimeSpan firstDelay, double backoffCoefficient = 2, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstDelay, TimeSpan.Zero);
        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be 1 or more.");
        }

        if (maxDelay is { } max && max < firstDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "The longest delay cannot be shorter than the first.");
        }

        MaxAttempts = maxAttempts;
        FirstDelay = firstDelay;
        BackoffCoefficient = backoffCoefficient;
        MaxDelay = maxDelay;
    }

    /// <summary>Tries in all, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait before the second try.</summary>
    public TimeSpan FirstDelay { get; }

    public double BackoffCoefficient { get; }

    /// <summary>No wait grows longer than this; null: no cap.</summary>
    public TimeSpan? MaxDelay { get; }

    /// <summary>The wait before try <paramref name="attempt"/> (counted from 1).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var delay = FirstDelay * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 2));
        return MaxDelay is { } max && delay > max ? max : delay;
    }

    /// <summary>
    /// Failures that are a verdict on the input, not a passing fault: no host tries them again. A host that only sees
    /// a failure's type name (Durable) checks it against these types.
    /// </summary>
    public static IReadOnlyList<Type> FinalFailures { get; } = [typeof(MediaProcessingException), typeof(JobAbandonedException), typeof(ArgumentException)];

    public static bool IsFinal(Exception exception) => FinalFailures.Any(type => type.IsInstanceOfType(exception));
}
