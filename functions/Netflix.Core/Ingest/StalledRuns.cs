using Netflix.Core.Media;
using Netflix.Core.Videos;
using Netflix.Core.Workflow;

namespace Netflix.Core.Ingest;

/// <summary>
/// The last safety net under the ingest workflow, which marks every video it gives up on: a run can still end without
/// doing so (its engine failed it outside the workflow's code, someone terminated it, the catalog was down for longer
/// than the workflow keeps trying) or never start (its start was lost). A video quiet for longer than any step can
/// run, whose current run has ended, is marked Failed (and its work cleared), so it can be reprocessed; one whose run
/// is unknown is started. Nothing the admin sent is lost either way.
/// </summary>
public sealed class StalledRuns(ICatalog catalog, ActivityRegistry activities, TimeProvider time)
{
    /// <summary>The setting that changes <see cref="DefaultQuietPeriod"/>.</summary>
    public const string QuietPeriodSetting = "Ingest:StalledAfter";

    /// <summary>
    /// Longer than the longest step may run (an hour, the Functions timeout) plus a margin: a run that has been over
    /// this long has no step left running, so clearing its work is safe.
    /// </summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMinutes(75);

    /// <param name="stateOf">
    /// What became of a run, given the moment the quiet period began: a host says <see cref="RunState.Ended"/> only
    /// for a run that, with its child workflows, ended before it.
    /// </param>
    /// <param name="start">Starts a run; false when the engine refused it because it exists already.</param>
    public async Task<SweepResult> SweepAsync(
        Func<IngestRequest, DateTimeOffset, CancellationToken, Task<RunState>> stateOf,
        Func<IngestRequest, CancellationToken, Task<bool>> start,
        TimeSpan quietPeriod,
        CancellationToken cancellationToken)
    {
        var (failed, started, errors) = (0, 0, new List<string>());
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
                    try
                    {
                        switch (await stateOf(request, quietSince, cancellationToken))
                        {
                            // Marking failed declines a video that has been published or moved on meanwhile.
                            case RunState.Ended when await activities.InvokeAsync(
                                IngestActivities.MarkFailed, new FailureUpdate(video.Id, video.Attempt, Stalled), cancellationToken):
                                failed++;
                                break;
                            case RunState.Unknown when await start(request, cancellationToken):
                                started++;
                                break;
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One video's trouble does not stop the sweep of the others; the next sweep tries it again.
                        errors.Add($"{video.Id}: {ex.Message}");
                    }
                }

                next = page.Next;
            }
            while (next is not null);
        }

        return new SweepResult(failed, started, errors);
    }

    private static MediaFailure Stalled { get; } = new(
        MediaFailureCode.ProcessingFailed, "The pipeline ended without finishing the video; reprocess it to try again.");
}
