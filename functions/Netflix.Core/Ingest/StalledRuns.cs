using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Core.Ingest;

/// <summary>What a host's workflow engine knows of a run.</summary>
public enum RunState
{
    /// <summary>It is running, or waiting to: leave it alone.</summary>
    Running,

    /// <summary>It ended (completed, failed or terminated).</summary>
    Ended,

    /// <summary>The engine has no such run: it never started, or its record is gone.</summary>
    Unknown,
}

/// <summary>
/// The last safety net under the ingest workflow, which marks every video it gives up on: a run can still end without
/// doing so (its engine failed it outside the workflow's code, someone terminated it, the catalog was down for longer
/// than the workflow keeps trying) or never start (its start was lost). A video quiet for longer than any step can
/// run, whose current run has ended, is marked Failed (and its work cleared), so it can be reprocessed; one whose run
/// is unknown is started. Nothing the admin sent is lost either way.
/// </summary>
public sealed class StalledRuns(ICatalog catalog, ActivityRegistry activities, TimeProvider time)
{
    /// <summary>
    /// Longer than the longest step may run (an hour, the Functions timeout) plus a margin: a run that ended has then no
    /// step left running, so clearing its work is safe.
    /// </summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMinutes(75);

    /// <summary>Sweeps every uploaded or processing video; returns how many were failed and how many started.</summary>
    public async Task<(int Failed, int Started)> SweepAsync(
        Func<IngestRequest, CancellationToken, Task<RunState>> stateOf,
        Func<IngestRequest, CancellationToken, Task> start,
        TimeSpan quietPeriod,
        CancellationToken cancellationToken)
    {
        var (failed, started) = (0, 0);
        var quietSince = time.GetUtcNow() - quietPeriod;
        foreach (var status in new[] { VideoStatus.Uploaded, VideoStatus.Processing })
        {
            string? next = null;
            do
            {
                var page = await catalog.ListVideosAsync(status, 100, next, cancellationToken);
                foreach (var video in page.Items.Where(v => v.SourceKey is not null && v.UpdatedAt <= quietSince))
                {
                    var request = new IngestRequest(video.Id, video.SourceKey!, video.Attempt);
                    switch (await stateOf(request, cancellationToken))
                    {
                        case RunState.Ended:
                            await activities.InvokeAsync(IngestActivities.MarkFailed, new FailureUpdate(video.Id, video.Attempt, Stalled), cancellationToken);
                            failed++;
                            break;
                        case RunState.Unknown:
                            await start(request, cancellationToken);
                            started++;
                            break;
                    }
                }

                next = page.Next;
            }
            while (next is not null);
        }

        return (failed, started);
    }

    private static MediaFailure Stalled { get; } = new(
        MediaFailureCode.ProcessingFailed, "The pipeline ended without finishing the video; reprocess it to try again.");
}
