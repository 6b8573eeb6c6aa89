using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// One signed segment URL served by the host's CDN route (signature check, range support, cache headers) against
/// nginx serving the same file from the same folder, both under the same load from wrk, alternating, in one run.
/// </summary>
internal static class CdnBenchmark
{
    public static async Task<double> RunAsync(BenchHost host, string videoId, string work, int connections, TimeSpan duration, int runs)
    {
        using var viewer = host.Client(host.ViewerToken);
        var link = await viewer.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{videoId}/stream?offset=0", UriKind.Relative));
        using var anonymous = new HttpClient();
        var master = new Uri(link.GetProperty("url").GetString()!);
        var variant = new Uri(master, (await anonymous.GetStringAsync(master)).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')));
        var segments = (await anonymous.GetStringAsync(variant)).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var signed = new Uri(variant, segments[Math.Min(1, segments.Count - 1)]);

        // The same file on disk, found by its path under the video's folder.
        var relative = signed.AbsolutePath["/cdn/".Length..];
        var mediaRoot = Path.Combine(host.Process.DataDirectory, "store", "media");
        var file = Path.Combine(mediaRoot, relative.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"The segment behind {signed.AbsolutePath} is not at {file}.");
        }

        var bytes = new FileInfo(file).Length;
        await using var nginx = await Nginx.StartAsync(Path.Combine(work, "nginx"), mediaRoot);
        var plain = new Uri(nginx.BaseAddress, "/cdn/" + relative);
        var fromHost = await anonymous.GetByteArrayAsync(signed);
        var fromNginx = await anonymous.GetByteArrayAsync(plain);
        if (!fromHost.AsSpan().SequenceEqual(fromNginx))
        {
            throw new InvalidOperationException("The host and nginx served different bytes for the same segment.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cdn: segment {relative} ({bytes / 1024.0:0} KiB)"));
        Wrk.Run(signed, connections, TimeSpan.FromSeconds(2));
        Wrk.Run(plain, connections, TimeSpan.FromSeconds(2));

        var hostRuns = new List<LoadResult>();
        var nginxRuns = new List<LoadResult>();
        for (var run = 0; run < runs; run++)
        {
            var h = Wrk.Run(signed, connections, duration);
            var n = Wrk.Run(plain, connections, duration);
            hostRuns.Add(h);
            nginxRuns.Add(n);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"cdn: run {run + 1}: host {h.RequestsPerSecond:0} req/s {h.TransferMegabytesPerSecond:0} MB/s (p99 {h.P99.TotalMilliseconds:0.0} ms, errors {h.Errors}); nginx {n.RequestsPerSecond:0} req/s {n.TransferMegabytesPerSecond:0} MB/s (p99 {n.P99.TotalMilliseconds:0.0} ms, errors {n.Errors})"));
        }

        var ratio = Stats.Median(hostRuns.Zip(nginxRuns, (h, n) => h.RequestsPerSecond / n.RequestsPerSecond));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cdn: median of {runs}: host {Stats.Median(hostRuns.Select(r => r.RequestsPerSecond)):0} req/s, p99 {Stats.Median(hostRuns.Select(r => r.P99)).TotalMilliseconds:0.0} ms; nginx {Stats.Median(nginxRuns.Select(r => r.RequestsPerSecond)):0} req/s, p99 {Stats.Median(nginxRuns.Select(r => r.P99)).TotalMilliseconds:0.0} ms; ratio {ratio:0.00} (target >= 0.8)"));
        return ratio;
    }
}

/// <summary>nginx (from apt) in the foreground on a free loopback port, serving one folder under /cdn/.</summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;

    private Nginx(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<Nginx> StartAsync(string prefix, string root)
    {
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var port = Netflix.Testing.TestTools.FreeLoopbackPort();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes auto;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 1000000;
              types { video/mp4 m4s mp4; application/vnd.apple.mpegurl m3u8; }
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              server {
                listen 127.0.0.1:{{port}};
                location /cdn/ { alias {{root}}/; expires max; }
              }
            }
            """);
        var info = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix, "-c", config })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx is missing: apt-get install -y nginx");
        var address = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        for (var i = 0; i < 50; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var response = await client.GetAsync(address);
                return new Nginx(process, address);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("nginx did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

}
