using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Netflix.Testing;

namespace Netflix.Platform.Benchmarks;

/// <summary>The real host process on a loopback port with its own data folder, and an admin and a viewer token.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(HostProcess process, string adminToken, string viewerToken)
    {
        Process = process;
        AdminToken = adminToken;
        ViewerToken = viewerToken;
    }

    public HostProcess Process { get; }

    public string AdminToken { get; }

    public string ViewerToken { get; }

    public static async Task<BenchHost> StartAsync(string data, params string[] settings)
    {
        // The per-viewer rate limits stay on (their cost is measured) but high enough never to refuse the load.
        var process = new HostProcess(data, ["--Logging:LogLevel:Default=Warning", "--Limits:StreamPerMinute=1000000000", "--Limits:SearchPerMinute=1000000000", .. settings]);
        await process.StartAsync();
        return new BenchHost(process, process.MintToken("bench-admin", "admin"), process.MintToken("bench-viewer", "viewer"));
    }

    /// <summary>
    /// A host with one ready 720p title in 4 s segments (about 1.5 MB each at 3 Mb/s, the size a CDN mostly serves),
    /// for the playback benchmarks and the load test.
    /// </summary>
    public static async Task<(BenchHost Host, string VideoId)> StartWithPlaybackTitleAsync(string work)
    {
        var data = Path.Combine(work, "host-playback");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var host = await StartAsync(
            data,
            "--Media:Ladder:0:Name=720p", "--Media:Ladder:0:Height=720", "--Media:Ladder:0:BitrateKbps=3000",
            "--Media:Ladder:1:Name=360p", "--Media:Ladder:1:Height=360", "--Media:Ladder:1:BitrateKbps=800");
        var clip = MakeClip(work, "1280x720", 12, "playback-720p.mp4");
        var videoId = await host.UploadAsync(clip, "Benchmark playback title");
        var video = await host.WaitForAsync(videoId, TimeSpan.FromMinutes(5));
        if (video.GetProperty("status").GetString() != "ready")
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The benchmark title did not become ready: {video}");
        }

        return (host, videoId);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Uploads a file through the chunk protocol with <paramref name="parallel"/> chunks in flight; returns the video id.</summary>
    public async Task<string> UploadAsync(string path, string title, int parallel = 1)
    {
        using var client = Client(AdminToken);
        var size = new FileInfo(path).Length;
        using var created = await client.PostAsJsonAsync(
            new Uri("/api/uploads", UriKind.Relative),
            new { title, description = "Benchmark upload.", tags = new[] { "benchmark" }, fileName = Path.GetFileName(path), size });
        created.EnsureSuccessStatusCode();
        using var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var uploadId = session.RootElement.GetProperty("uploadId").GetString()!;
        var videoId = session.RootElement.GetProperty("videoId").GetString()!;
        var chunkSize = session.RootElement.GetProperty("chunkSize").GetInt32();
        var chunkCount = session.RootElement.GetProperty("chunkCount").GetInt32();

        await Parallel.ForEachAsync(Enumerable.Range(0, chunkCount), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (index, ct) =>
        {
            var offset = (long)index * chunkSize;
            var buffer = new byte[(int)Math.Min(chunkSize, size - offset)];
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                file.Position = offset;
                await file.ReadExactlyAsync(buffer, ct);
            }

            using var request = UploadRequests.Chunk(uploadId, index, buffer);
            using var response = await client.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });

        using var complete = await client.PostAsync(new Uri($"/api/uploads/{uploadId}/complete", UriKind.Relative), null);
        complete.EnsureSuccessStatusCode();
        return videoId;
    }

    public async Task<JsonElement> WaitForAsync(string videoId, TimeSpan patience)
    {
        using var client = Client(AdminToken);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var video = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{videoId}", UriKind.Relative));
            var status = video.GetProperty("status").GetString();
            if (status is "ready" or "failed")
            {
                return video;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Video {videoId} is still {status}.");
            }

            await Task.Delay(250);
        }
    }

    public static string MakeClip(string folder, string size, int seconds, string name) => TestTools.MakeClip(Path.Combine(folder, name), size, seconds);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
