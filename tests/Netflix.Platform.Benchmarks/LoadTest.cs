using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Netflix.Core.Videos;
using Netflix.Local.Auth;
using Netflix.Local.Catalog;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// Viewers, searchers and uploaders at once against the real host on loopback, for a bounded time: each viewer asks
/// for a playback link and walks the master playlist, a variant and its segments, again and again; searchers query
/// title words; uploaders send files through the chunk protocol. Prints requests, errors and p50/p99 per route, and
/// the host's peak resident memory and CPU.
/// </summary>
internal static class LoadTest
{
    private static readonly string[] Words = ["night", "ocean", "city", "river", "forest", "storm", "harbor", "signal", "comet", "lantern"];

    public static async Task<bool> RunAsync(BenchHost host, string videoId, int viewers, int searchers, int uploaders, TimeSpan duration, string work)
    {
        var tokens = await MintViewersAsync(host, viewers + searchers);
        var stats = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var errors = new ConcurrentDictionary<string, int>();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var stop = new CancellationTokenSource(duration);
        var cpuBefore = host.Process.CpuTime;
        var clock = Stopwatch.StartNew();
        long peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, host.Process.ResidentBytes);
                await Task.Delay(100);
            }
        });

        async Task TimedAsync(string route, Func<Task<HttpResponseMessage>> send)
        {
            var timer = Stopwatch.StartNew();
            try
            {
                using var response = await send();
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode)
                {
                    errors.AddOrUpdate($"{route} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                errors.AddOrUpdate($"{route} {ex.GetType().Name}", 1, (_, n) => n + 1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            stats.GetOrAdd(route, _ => []).Add(timer.Elapsed.TotalMilliseconds);
        }

        HttpClient Client(string token)
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = host.Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        var tasks = new List<Task>();
        for (var v = 0; v < viewers; v++)
        {
            var token = tokens[v];
            tasks.Add(Task.Run(async () =>
            {
                using var client = Client(token);
                using var cdn = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
                while (!stop.IsCancellationRequested)
                {
                    string? url = null;
                    await TimedAsync("stream", async () =>
                    {
                        var response = await client.GetAsync(new Uri($"/api/videos/{videoId}/stream?offset=0", UriKind.Relative), stop.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            url = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token)).RootElement.GetProperty("url").GetString();
                            response.Content = new ByteArrayContent([]);
                        }

                        return response;
                    });
                    if (url is null || stop.IsCancellationRequested)
                    {
                        continue;
                    }

                    var master = new Uri(url);
                    string? variantText = null;
                    var variant = master;
                    await TimedAsync("manifest", async () =>
                    {
                        var response = await cdn.GetAsync(master, stop.Token);
                        var text = await response.Content.ReadAsStringAsync(stop.Token);
                        variant = new Uri(master, text.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')));
                        response.Content = new ByteArrayContent([]);
                        return response;
                    });
                    await TimedAsync("manifest", async () =>
                    {
                        var response = await cdn.GetAsync(variant, stop.Token);
                        variantText = await response.Content.ReadAsStringAsync(stop.Token);
                        response.Content = new ByteArrayContent([]);
                        return response;
                    });
                    foreach (var segment in (variantText ?? string.Empty).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
                    {
                        if (stop.IsCancellationRequested)
                        {
                            break;
                        }

                        await TimedAsync("segment", () => cdn.GetAsync(new Uri(variant, segment), HttpCompletionOption.ResponseHeadersRead, stop.Token));
                    }
                }
            }));
        }

        for (var s = 0; s < searchers; s++)
        {
            var token = tokens[viewers + s];
            var random = new Random(s);
            tasks.Add(Task.Run(async () =>
            {
                using var client = Client(token);
                while (!stop.IsCancellationRequested)
                {
                    await TimedAsync("search", () => client.GetAsync(new Uri($"/api/search?q={Words[random.Next(Words.Length)]}", UriKind.Relative), stop.Token));
                }
            }));
        }

        var uploadFile = Path.Combine(work, "load-upload.bin");
        await File.WriteAllBytesAsync(uploadFile, RandomNumberGenerator.GetBytes(8 * 1024 * 1024));
        for (var u = 0; u < uploaders; u++)
        {
            tasks.Add(Task.Run(async () =>
            {
                using var client = Client(host.AdminToken);
                var bytes = await File.ReadAllBytesAsync(uploadFile);
                while (!stop.IsCancellationRequested)
                {
                    await UploadOnceAsync(client, bytes, TimedAsync, stop.Token);

                    // An admin's next file, a moment later: keeps three uploads going without filling the disk.
                    await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None), Task.Delay(Timeout.Infinite, stop.Token));
                }
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampler;
        var cpu = (host.Process.CpuTime - cpuBefore).TotalSeconds / seconds / Environment.ProcessorCount * 100;
        File.Delete(uploadFile);

        var total = stats.Values.Sum(b => b.Count);
        var errorCount = errors.Values.Sum();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"load: {viewers} viewers, {searchers} searchers, {uploaders} uploaders for {seconds:0} s: {total:N0} requests ({total / seconds:0} /s), {errorCount} errors"));
        foreach (var (route, samples) in stats.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var sorted = samples.Order().ToArray();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"load:   {route,-16} {sorted.Length,8:N0} requests  p50 {Stats.Percentile(sorted, 0.5),8:0.0} ms  p99 {Stats.Percentile(sorted, 0.99),8:0.0} ms"));
        }

        foreach (var (kind, count) in errors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"load:   error {kind}: {count}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: host peak RSS {peak / 1048576.0:0} MB (VmHWM {host.Process.PeakResidentBytes / 1048576.0:0} MB), host CPU {cpu:0} % of {Environment.ProcessorCount} cores"));
        return errorCount == 0;
    }

    private static async Task UploadOnceAsync(HttpClient client, byte[] bytes, Func<string, Func<Task<HttpResponseMessage>>, Task> timed, CancellationToken stop)
    {
        JsonElement session = default;
        await timed("upload-create", async () =>
        {
            var response = await client.PostAsJsonAsync(
                new Uri("/api/uploads", UriKind.Relative), new { title = "Load upload", tags = new[] { "load" }, fileName = "load.mp4", size = bytes.Length }, stop);
            session = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement.Clone();
            response.Content = new ByteArrayContent([]);
            return response;
        });
        if (session.ValueKind != JsonValueKind.Object || !session.TryGetProperty("uploadId", out var idElement))
        {
            return;
        }

        var uploadId = idElement.GetString()!;
        var chunkSize = session.GetProperty("chunkSize").GetInt32();
        for (var offset = 0; offset < bytes.Length && !stop.IsCancellationRequested; offset += chunkSize)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset));
            var index = offset / chunkSize;
            await timed("upload-chunk", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/{index}") { Content = new ReadOnlyMemoryContent(chunk) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Headers.Add("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(chunk.Span))}:");
                return client.SendAsync(request, stop);
            });
        }

        if (!stop.IsCancellationRequested)
        {
            await timed("upload-complete", () => client.PostAsync(new Uri($"/api/uploads/{uploadId}/complete", UriKind.Relative), null, stop));
        }
    }

    /// <summary>Viewers straight into the host's catalog, with tokens signed by its key: hundreds of token commands would take minutes.</summary>
    private static async Task<List<string>> MintViewersAsync(BenchHost host, int count)
    {
        var data = host.Process.DataDirectory;
        var catalog = new SqliteCatalog(new SqliteDatabase(Path.Combine(data, "catalog.db")));
        var issuer = new TokenIssuer(KeyFiles.JwtKey(Path.Combine(data, "keys"), null), new AuthOptions(), TimeProvider.System);
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var user = await catalog.UpsertUserAsync(new User($"load-viewer-{i}", $"Viewer {i}", UserRole.Viewer, DateTimeOffset.UtcNow), CancellationToken.None);
            tokens.Add(issuer.Issue(user, TimeSpan.FromHours(2)));
        }

        return tokens;
    }
}
