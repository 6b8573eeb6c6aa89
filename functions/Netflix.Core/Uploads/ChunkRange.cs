namespace Netflix.Core.Uploads;

/// <summary>
/// A run of chunk indexes, <see cref="From"/> to <see cref="To"/> inclusive. The chunks an upload still lacks are
/// given as runs, so a fresh 200 GiB upload is one entry rather than tens of thousands of numbers.
/// </summary>
public sealed record ChunkRange(int From, int To)
{
    /// <summary>The runs of 0..<paramref name="count"/>-1 not in <paramref name="held"/>, in ascending order.</summary>
    public static IReadOnlyList<ChunkRange> Gaps(int count, IEnumerable<int> held)
    {
        var gaps = new List<ChunkRange>();
        var next = 0;
        foreach (var index in held.Where(i => i >= 0 && i < count).Distinct().Order())
        {
            if (index > next)
            {
                gaps.Add(new ChunkRange(next, index - 1));
            }

            next = index + 1;
        }

        if (next < count)
        {
            gaps.Add(new ChunkRange(next, count - 1));
        }

        return gaps;
    }
}
