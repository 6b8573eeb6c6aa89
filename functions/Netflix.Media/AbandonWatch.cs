using Netflix.Core.Media;

namespace Netflix.Media;

/// <summary>
/// Stops a step once its job is given up: a token that is cancelled when the job's abandoned marker appears (looked
/// for every second, which works on a shared folder as on a local one), and the refusal to start at all when it is
/// there already.
/// </summary>
internal sealed class AbandonWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _abandoned;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _marker;

    private AbandonWatch(string marker, CancellationToken outer)
    {
        _marker = marker;
        _abandoned = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _ = WatchAsync();
    }

    public CancellationToken Token => _abandoned.Token;

    public bool Abandoned => File.Exists(_marker);

    public static AbandonWatch Start(JobLayout layout, CancellationToken outer)
    {
        if (File.Exists(layout.AbandonedMarker))
        {
            throw new JobAbandonedException();
        }

        return new AbandonWatch(layout.AbandonedMarker, outer);
    }

    /// <summary>Runs <paramref name="step"/> under the watch; a stop for abandonment surfaces as <see cref="JobAbandonedException"/>.</summary>
    public static async Task<T> RunAsync<T>(JobLayout layout, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var watch = Start(layout, cancellationToken);
        try
        {
            return await step(watch.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && watch.Abandoned)
        {
            throw new JobAbandonedException("The job was abandoned while this step ran.", ex);
        }
    }

    /// <summary>Stops the watching without waiting for the loop: it wakes, finds its sources gone and ends.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _abandoned.Dispose();
    }

    private async Task WatchAsync()
    {
        try
        {
            while (!_abandoned.IsCancellationRequested)
            {
                await Task.Delay(Interval, _stop.Token);
                if (File.Exists(_marker))
                {
                    await _abandoned.CancelAsync();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The step ended, or the job was abandoned.
        }
    }
}
