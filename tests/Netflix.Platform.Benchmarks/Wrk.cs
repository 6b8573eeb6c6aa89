using System.Globalization;
using System.Text.RegularExpressions;
using Netflix.Testing;

namespace Netflix.Platform.Benchmarks;

/// <summary>One wrk run: requests per second and latency percentiles, as wrk itself measured them.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double TransferMegabytesPerSecond, TimeSpan P50, TimeSpan P99, long Requests, long Errors);

/// <summary>Drives wrk (from apt): a fixed number of connections on loopback for a fixed time.</summary>
internal static partial class Wrk
{
    public static void EnsureInstalled()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "wrk")));
        if (!onPath)
        {
            throw new InvalidOperationException("wrk is missing: apt-get install -y wrk");
        }
    }

    public static LoadResult Run(Uri url, int connections, TimeSpan duration, string? bearer = null)
    {
        var arguments = new List<string>
        {
            "-t", Math.Min(connections, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--timeout", "10s",
            "--latency",
        };
        if (bearer is not null)
        {
            arguments.AddRange(["-H", $"Authorization: Bearer {bearer}"]);
        }

        arguments.Add(url.ToString());
        var (code, stdout, stderr) = TestTools.TryRun("wrk", [.. arguments]);
        if (code != 0)
        {
            throw new InvalidOperationException($"wrk failed ({code}): {stderr}");
        }

        return Parse(stdout);
    }

    internal static LoadResult Parse(string output)
    {
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var transfer = TransferPerSecond().Match(output) is { Success: true } t ? Megabytes(t.Groups[1].Value, t.Groups[2].Value) : 0;
        var requests = long.Parse(RequestCount().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = 0;
        if (NonSuccess().Match(output) is { Success: true } bad)
        {
            errors += long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrors().Match(output) is { Success: true } socket)
        {
            errors += socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new LoadResult(rps, transfer, Percentile(output, "50%"), Percentile(output, "99%"), requests, errors);
    }

    private static TimeSpan Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => TimeSpan.FromMicroseconds(value),
            "ms" => TimeSpan.FromMilliseconds(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    private static double Megabytes(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "B" => 1.0 / (1024 * 1024),
        "KB" => 1.0 / 1024,
        "MB" => 1,
        "GB" => 1024,
        _ => 0,
    };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)")]
    private static partial Regex TransferPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
