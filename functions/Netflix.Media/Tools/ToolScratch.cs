using System.Collections.Concurrent;

namespace Netflix.Media.Tools;

/// <summary>
/// The folder where the runners keep each tool run's own files (its error output and progress report), one working
/// folder per run. A host that dies leaves its runs' folders behind, each naming its dead owner; they are swept by the
/// next process's first run there and, on one machine, when the host starts.
/// </summary>
public static class ToolScratch
{
    /// <summary>Used when <see cref="MediaOptions.ScratchDirectory"/> is not set: the instance's own temp folder.</summary>
    public static string DefaultDirectory { get; } = Path.Combine(Path.GetTempPath(), "netflix-media-scratch");

    private static readonly ConcurrentDictionary<string, Lazy<int>> Swept = new(StringComparer.Ordinal);

    /// <summary>Removes the run folders in <paramref name="directory"/> whose owner is gone; returns how many.</summary>
    public static int SweepOrphans(string directory) => Scratch.SweepStale(directory);

    /// <summary>Sweeps <paramref name="directory"/> the first time this process runs a tool there; later runs do not.</summary>
    internal static void SweepOnce(string directory)
        => _ = Swept.GetOrAdd(directory, d => new Lazy<int>(() => SweepOrphans(d))).Value;
}
