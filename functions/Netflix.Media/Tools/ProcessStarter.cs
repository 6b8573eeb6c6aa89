using System.Collections.Concurrent;
using System.Diagnostics;

namespace Netflix.Media.Tools;

/// <summary>
/// Starts child processes from one thread that lives as long as the process. A parent-death signal (see
/// <see cref="ToolLauncher"/>) fires when the thread that forked the child ends, not the process, and the thread-pool
/// thread that happens to call a runner retires once the pool has been idle a while: a child it started would be
/// killed mid-run.
/// </summary>
internal static class ProcessStarter
{
    private static readonly BlockingCollection<Request> Requests = StartThread();

    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add(new Request(info, started));
        return started.Task;
    }

    private static BlockingCollection<Request> StartThread()
    {
        var requests = new BlockingCollection<Request>();
        new Thread(() => StartEach(requests)) { IsBackground = true, Name = "media tool starter" }.Start();
        return requests;
    }

    private static void StartEach(BlockingCollection<Request> requests)
    {
        foreach (var (info, started) in requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}."));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }

    private sealed record Request(ProcessStartInfo Info, TaskCompletionSource<Process> Started);
}
