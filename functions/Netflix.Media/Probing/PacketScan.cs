using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Tools;

namespace Netflix.Media.Probing;

/// <summary>
/// One video stream's packets as ffprobe lists them from the container (no decoding):
/// <c>-show_entries stream=time_base:packet=pts,dts,duration,flags -of csv=p=1</c>. Packets are in decode order.
/// A stream cut mid-GOP (a TS capture, say) begins with frames that cannot be decoded: they are left out, and
/// <see cref="SkippedPackets"/> says how many.
/// </summary>
internal sealed class PacketScan
{
    /// <summary>How far past a keyframe (in decode order) to look for frames shown before it.</summary>
    private const int LeadingFrameWindow = 64;

    private PacketScan(Rational timeBase, long[] pts, long[] dts, long[] durations, bool[] keys, int[] packetIndex, int skipped)
    {
        TimeBase = timeBase;
        Pts = pts;
        Dts = dts;
        Durations = durations;
        IsKey = keys;
        PacketIndex = packetIndex;
        SkippedPackets = skipped;
    }

    public Rational TimeBase { get; }

    public long[] Pts { get; }

    /// <summary>Decode timestamps; long.MinValue where the container gave none.</summary>
    public long[] Dts { get; }

    public long[] Durations { get; }

    public bool[] IsKey { get; }

    /// <summary>Each kept packet's position among all the stream's packets, as a stream-copy cut counts them.</summary>
    public int[] PacketIndex { get; }

    /// <summary>Packets before the first keyframe, or shown before it: no decoder can make a frame of them.</summary>
    public int SkippedPackets { get; }

    public int Count => Pts.Length;

    public static async Task<PacketScan> RunAsync(IMediaToolRunner runner, string path, string streamSpecifier, Rational nominalFrameRate, CancellationToken cancellationToken)
    {
        var output = await runner.ProbeAsync(
            ["-v", "quiet", "-select_streams", streamSpecifier, "-show_entries", "stream=time_base:packet=pts,dts,duration,flags", "-of", "csv=p=1", path],
            cancellationToken);
        return Parse(output, nominalFrameRate);
    }

    public static PacketScan Parse(string output, Rational nominalFrameRate)
    {
        var timeBase = new Rational(1, 90_000);
        var rows = new List<(long? Pts, long? Dts, long Duration, bool Key)>();
        Span<Range> fields = stackalloc Range[6];
        foreach (var rawLine in output.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.StartsWith("stream,"))
            {
                var parsed = Rational.Parse(line["stream,".Length..].ToString().Split(',')[0]);
                if (parsed.IsValid)
                {
                    timeBase = parsed;
                }

                continue;
            }

            if (!line.StartsWith("packet,"))
            {
                continue;
            }

            var body = line["packet,".Length..];
            if (body.Split(fields, ',') < 4)
            {
                continue;
            }

            var flags = body[fields[3]];
            if (flags.Contains('D'))
            {
                continue;
            }

            rows.Add((ReadLong(body[fields[0]]), ReadLong(body[fields[1]]), ReadLong(body[fields[2]]) ?? 0, flags.Contains('K')));
        }

        var all = rows.Count;
        var allPts = new long[all];
        var nominal = NominalTicks(timeBase, nominalFrameRate);
        for (var i = 0; i < all; i++)
        {
            // Raw elementary streams carry no timestamps: continue from the previous frame.
            var previousStep = i > 0 && rows[i - 1].Duration > 0 ? rows[i - 1].Duration : nominal;
            allPts[i] = rows[i].Pts ?? rows[i].Dts ?? (i == 0 ? 0 : allPts[i - 1] + previousStep);
        }

        var firstKey = rows.FindIndex(r => r.Key);
        var kept = Enumerable.Range(0, all)
            .Where(i => firstKey < 0 || (i >= firstKey && allPts[i] >= allPts[firstKey]))
            .ToArray();
        return new PacketScan(
            timeBase,
            kept.Select(i => allPts[i]).ToArray(),
            kept.Select(i => rows[i].Dts ?? long.MinValue).ToArray(),
            kept.Select(i => rows[i].Duration).ToArray(),
            kept.Select(i => rows[i].Key).ToArray(),
            kept,
            all - kept.Length);
    }

    public TimeSpan ToTime(long ticks)
        => TimeSpan.FromTicks((long)Math.Round((double)ticks * TimeBase.Numerator * TimeSpan.TicksPerSecond / TimeBase.Denominator));

    /// <summary>Presentation timestamps in display order.</summary>
    public long[] SortedPts() => Pts.Order().ToArray();

    /// <summary>The duration of the last frame shown (its packet's, or the typical gap when the packet has none).</summary>
    public long LastFrameDuration(long[] sortedPts)
    {
        var lastIndex = Array.IndexOf(Pts, sortedPts[^1]);
        if (Durations[lastIndex] > 0)
        {
            return Durations[lastIndex];
        }

        return sortedPts.Length > 1 ? Median(Gaps(sortedPts)) : 1;
    }

    public FrameIndex? ToFrameIndex()
    {
        if (Count == 0)
        {
            return null;
        }

        var sorted = SortedPts();
        var gaps = Gaps(sorted).Where(g => g > 0).ToArray();
        var lastDuration = LastFrameDuration(sorted);
        var minGap = gaps.Length > 0 ? gaps.Min() : lastDuration;
        var maxGap = Math.Max(gaps.Length > 0 ? gaps.Max() : lastDuration, lastDuration);
        var first = sorted[0];

        var keyframes = new List<Keyframe>();
        for (var i = 0; i < Count; i++)
        {
            if (!IsKey[i])
            {
                continue;
            }

            var hasLeading = false;
            for (var j = i + 1; j < Count && j <= i + LeadingFrameWindow && !IsKey[j]; j++)
            {
                if (Pts[j] < Pts[i])
                {
                    hasLeading = true;
                    break;
                }
            }

            keyframes.Add(new Keyframe(PacketIndex[i], LowerBound(sorted, Pts[i]), ToTime(Pts[i] - first), hasLeading));
        }

        return new FrameIndex
        {
            FrameCount = Count,
            Duration = ToTime(sorted[^1] + lastDuration - first),
            Keyframes = keyframes,
            MinFrameDuration = ToTime(minGap),
            MaxFrameDuration = ToTime(maxGap),
            IsVariableFrameRate = IsVariable(gaps),
            FirstFrameTime = ToTime(first),
            SkippedPackets = SkippedPackets,
        };
    }

    internal static long[] Gaps(long[] sorted)
    {
        var gaps = new long[Math.Max(0, sorted.Length - 1)];
        for (var i = 1; i < sorted.Length; i++)
        {
            gaps[i - 1] = sorted[i] - sorted[i - 1];
        }

        return gaps;
    }

    private static long? ReadLong(ReadOnlySpan<char> text)
        => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long NominalTicks(Rational timeBase, Rational frameRate)
    {
        var rate = frameRate.IsValid ? frameRate : new Rational(25, 1);
        return Math.Max(1, (long)Math.Round((double)timeBase.Denominator * rate.Denominator / (timeBase.Numerator * (double)rate.Numerator)));
    }

    private static long Median(long[] values)
    {
        if (values.Length == 0)
        {
            return 1;
        }

        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// Variable when more than 1% of frame gaps stray over 10% from the median. Millisecond time bases
    /// (33/34 ms at 29.97 fps) stay constant under this rule.
    /// </summary>
    private static bool IsVariable(long[] gaps)
    {
        if (gaps.Length < 2)
        {
            return false;
        }

        var median = (double)Median(gaps);
        var stray = gaps.Count(g => Math.Abs(g - median) > median * 0.1);
        return stray > Math.Max(1, gaps.Length / 100);
    }
}
