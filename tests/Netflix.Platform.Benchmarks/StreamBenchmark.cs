using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// The stream-URL endpoint (JWT, catalog user and video, saved position, HMAC signature) against the host's liveness
/// endpoint (no work at all), both under the same number of connections from wrk, alternating, in one run.
/// </summary>
internal static class StreamBenchmark
{
    public static async Task<double> RunAsync(BenchHost host, string videoId, int connections, TimeSpan duration, int runs)
    {
        // The viewer has a saved position, so a link without an offset reads it (the resume path).
        using (var viewer = host.Client(host.ViewerToken))
        {
            using var saved = await viewer.PutAsJsonAsync(new Uri($"/api/videos/{videoId}/watch-progress", UriKind.Relative), new { position = 1.0 });
            saved.EnsureSuccessStatusCode();
            var link = await viewer.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{videoId}/stream", UriKind.Relative));
            Console.WriteLine($"stream: sample link {link.GetProperty("url").GetString()![..Math.Min(96, link.GetProperty("url").GetString()!.Length)]}…");
        }

        var stream = new Uri(host.Process.BaseAddress, $"/api/videos/{videoId}/stream");
        var trivial = new Uri(host.Process.BaseAddress, "/api/health/live");
        Wrk.Run(stream, connections, TimeSpan.FromSeconds(2), host.ViewerToken); // warm-up
        Wrk.Run(trivial, connections, TimeSpan.FromSeconds(2));

        var streamRuns = new List<LoadResult>();
        var trivialRuns = new List<LoadResult>();
        for (var run = 0; run < runs; run++)
        {
            var s = Wrk.Run(stream, connections, duration, host.ViewerToken);
            var t = Wrk.Run(trivial, connections, duration);
            streamRuns.Add(s);
            trivialRuns.Add(t);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"stream: run {run + 1}: stream URL {s.RequestsPerSecond:0} req/s (p50 {s.P50.TotalMilliseconds:0.00} ms, p99 {s.P99.TotalMilliseconds:0.00} ms, errors {s.Errors}); trivial {t.RequestsPerSecond:0} req/s (p50 {t.P50.TotalMilliseconds:0.00} ms, p99 {t.P99.TotalMilliseconds:0.00} ms, errors {t.Errors})"));
        }

        var ratio = Stats.Median(streamRuns.Zip(trivialRuns, (s, t) => s.RequestsPerSecond / t.RequestsPerSecond));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stream: median of {runs}: stream URL {Stats.Median(streamRuns.Select(r => r.RequestsPerSecond)):0} req/s, p50 {Stats.Median(streamRuns.Select(r => r.P50)).TotalMilliseconds:0.00} ms, p99 {Stats.Median(streamRuns.Select(r => r.P99)).TotalMilliseconds:0.00} ms; trivial {Stats.Median(trivialRuns.Select(r => r.RequestsPerSecond)):0} req/s, p99 {Stats.Median(trivialRuns.Select(r => r.P99)).TotalMilliseconds:0.00} ms; ratio {ratio:0.00} (target >= 0.5); errors {streamRuns.Sum(r => r.Errors) + trivialRuns.Sum(r => r.Errors)}"));
        return ratio;
    }
}
