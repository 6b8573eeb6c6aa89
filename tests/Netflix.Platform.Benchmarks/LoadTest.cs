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
using Netflix.Testing;

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

        // Sends, reads the body (with read when the answer is a success, to the end otherwise) and times it all. A failed
        // status, a body that read finds unusable, or a network error or timeout counts as an error of the route.
        async Task TimedAsync(string route, Func<Task<HttpResponseMessage>> send, Func<HttpContent, Task<bool>>? read = null)
        {
            var timer = Stopwatch.StartNew();
            try
            {
                using var response = await send();
                if (!response.IsSuccessStatusCode)
                {
                    await response.Content.CopyToAsync(Stream.Null, stop.Token);
                    errors.AddOrUpdate($"{route} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
                else if (read is null)
                {
                    await response.Content.CopyToAsync(Stream.Null, stop.Token);
                }
                else if (!await read(response.Content))
                {
                    errors.AddOrUpdate($"{route} unusable body", 1, (_, n) => n + 1);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !stop.IsCancellationRequested)
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
                    Uri? master = null;
                    await TimedAsync(
                        "stream",
                        () => client.GetAsync(new Uri($"/api/videos/{videoId}/stream?offset=0", UriKind.Relative), stop.Token),
                        async content =>
                        {
                            var link = await content.ReadFromJsonAsync<JsonElement>(stop.Token);
                            master = link.ValueKind == JsonValueKind.Object && link.TryGetProperty("url", out var url) && url.GetString() is { } text ? new Uri(text) : null;
                            return master is not null;
                        });
                    if (master is null || stop.IsCancellationRequested)
                    {
                        continue;
                    }

                    Uri? variant = null;
                    await TimedAsync("manifest", () => cdn.GetAsync(master, stop.Token), async content =>
                    {
                        var first = (await content.ReadAsStringAsync(stop.Token)).Split('\n').FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
                        variant = first is null ? null : new Uri(master, first);
                        return variant is not null;
                    });
                    if (variant is null || stop.IsCancellationRequested)
                    {
                        continue;
                    }

                    string? variantText = null;
                    await TimedAsync("manifest", () => cdn.GetAsync(variant, stop.Token), async content =>
                    {
                        variantText = await content.ReadAsStringAsync(stop.Token);
                        return true;
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
        try
        {
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
                        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                }));
            }

            await Task.WhenAll(tasks);
        }
        finally
        {
            File.Delete(uploadFile);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await sampler;
        var cpu = (host.Process.CpuTime - cpuBefore).TotalSeconds / seconds / Environment.ProcessorCount * 100;

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

    private static async Task UploadOnceAsync(HttpClient client, byte[] bytes, Timed timed, CancellationToken stop)
    {
        JsonElement session = default;
        await timed(
            "upload-create",
            () => client.PostAsJsonAsync(
                new Uri("/api/uploads", UriKind.Relative), new { title = "Load upload", tags = new[] { "load" }, fileName = "load.mp4", size = bytes.Length }, stop),
            async content =>
            {
                session = await content.ReadFromJsonAsync<JsonElement>(stop);
                return session.ValueKind == JsonValueKind.Object && session.TryGetProperty("uploadId", out _) && session.TryGetProperty("chunkSize", out _);
            });
        if (session.ValueKind != JsonValueKind.Object || !session.TryGetProperty("uploadId", out var idElement) || !session.TryGetProperty("chunkSize", out var chunkElement))
        {
            return;
        }

        var uploadId = idElement.GetString()!;
        var chunkSize = chunkElement.GetInt32();
        for (var offset = 0; offset < bytes.Length && !stop.IsCancellationRequested; offset += chunkSize)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset));
            var index = offset / chunkSize;
            await timed("upload-chunk", async () =>
            {
                using var request = UploadRequests.Chunk(uploadId, index, chunk);
                return await client.SendAsync(request, stop);
            });
        }

        if (!stop.IsCancellationRequested)
        {
            await timed("upload-complete", () => client.PostAsync(new Uri($"/api/uploads/{uploadId}/complete", UriKind.Relative), null, stop));
        }
    }

    /// <summary>One timed request of the load: see the local function in <see cref="RunAsync"/>.</summary>
    private delegate Task Timed(string route, Func<Task<HttpResponseMessage>> send, Func<HttpContent, Task<bool>>? read = null);

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
