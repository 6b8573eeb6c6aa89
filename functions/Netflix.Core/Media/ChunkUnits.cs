namespace Netflix.Core.Media;

/// <summary>A run of consecutive chunks the workflow starts, waits for and publishes as one step.</summary>
public sealed record ChunkUnit(int First, int Count);

/// <summary>
/// Groups a title's chunks into the steps the workflow tracks. A short title gets one step per chunk, as before; a
/// long one gets at most about <see cref="TargetUnits"/> steps, each a child workflow of several chunks, so no
/// workflow history grows with the title's length. The first steps double in size (1, 1, 2, 4, …) so the start of
/// the title is published after its first chunk and then grows quickly, whatever the title's length.
/// </summary>
public static class ChunkUnits
{
    public const int TargetUnits = 64;

    /// <param name="maxChunksInFlight">No step may be larger than the number of chunks allowed to run at once.</param>
    public static IReadOnlyList<ChunkUnit> Plan(int chunkCount, int maxChunksInFlight = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunksInFlight, 1);
        var largest = Math.Clamp((chunkCount + TargetUnits - 1) / TargetUnits, 1, maxChunksInFlight);
        var units = new List<ChunkUnit>();
        var size = 1;
        for (var first = 0; first < chunkCount; first += units[^1].Count)
        {
            units.Add(new ChunkUnit(first, Math.Min(size, chunkCount - first)));
            if (units.Count > 1)
            {
                size = Math.Min(size * 2, largest);
            }
        }

        return units;
    }
}
