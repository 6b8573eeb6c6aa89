using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Netflix.Local.Catalog;
using Netflix.Local.Workflow;
using Netflix.Testing;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// Kills the real host with SIGKILL at random moments while uploads, commits and pipelines are under way, restarts it
/// each time, and when all is done checks what was promised: every upload the server acknowledged is stored
/// byte-identical, every committed video reaches Ready, no finished chunk was transcoded twice (the journal),
/// no ffmpeg is left running and no temporary files remain, and the catalog and the search index agree.
/// </summary>
internal static class CrashTest
{
    private static readonly string[] Settings =
    [
        "--Media:SegmentDuration=00:00:01", "--Media:ChunkDuration=00:00:02", "--Media:FirstChunkDuration=00:00:01",
        "--Media:Ladder:0:Name=240p", "--Media:Ladder:0:Height=240", "--Media:Ladder:0:BitrateKbps=400",
        "--Media:Ladder:1:Name=144p", "--Media:Ladder:1:Height=144", "--Media:Ladder:1:BitrateKbps=150",
        "--Uploads:ChunkSize=65536", "--Local:WorkerSlots=1",
    ];

    public static async Task<bool> RunAsync(string work, int kills, int titles, int seed)
    {
        var random = new Random(seed);
        var data = Path.Combine(work, "host-crash");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        titles = Math.Max(titles, (kills / 2) + 1);
        var clips = Enumerable.Range(0, titles).Select(i => BenchHost.MakeClip(work, "426x240", 6 + (i % 4), $"crash-{i}.mp4")).ToList();
        var uploads = clips.Select((path, i) => new Upload(path, $"Crash title {i} aurora{i}", File.ReadAllBytes(path))).ToList();
        var stagesHit = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var round = 0; round <= kills; round++)
        {
            await using var host = await BenchHost.StartAsync(data, Settings);
            using var client = host.Client(host.AdminToken);
            using var stop = new CancellationTokenSource();
            // Each run takes on one more title, so kills land on uploads, commits and pipelines alike.
            var active = uploads.Take(Math.Min(uploads.Count, round + 1)).ToList();
            var action = new Activity();
            var driving = DriveAsync(client, round == kills ? uploads : active, random, action, stop.Token);
            if (round == kills)
            {
                // The last run: no kill; everything must finish.
                await driving;
                await WaitAllReadyAsync(client, uploads, TimeSpan.FromMinutes(10));
                return await VerifyAsync(client, uploads, data, stagesHit, kills);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 3000)));
            var stage = await StageAsync(client, uploads, action.Now);
            stagesHit[stage] = stagesHit.GetValueOrDefault(stage) + 1;
            await host.Process.KillAsync();
            await stop.CancelAsync();
            try
            {
                await driving;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The host died under the client: exactly what this test does.
            }

            Console.WriteLine($"crash: kill {round + 1,2}/{kills} during {stage}");
        }

        return false;
    }

    /// <summary>Moves every upload one step on: create, send the chunks the server lacks (in random order), complete.</summary>
    private static async Task DriveAsync(HttpClient client, List<Upload> uploads, Random random, Activity action, CancellationToken cancellationToken)
    {
        foreach (var upload in uploads.OrderBy(_ => random.Next()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (upload.Completed)
            {
                continue;
            }

            if (upload.UploadId is null)
            {
                action.Now = "creating an upload";
                using var created = await client.PostAsJsonAsync(
                    new Uri("/api/uploads", UriKind.Relative),
                    new { title = upload.Title, tags = new[] { "crash" }, fileName = Path.GetFileName(upload.Path), size = upload.Bytes.Length },
                    cancellationToken);
                created.EnsureSuccessStatusCode();
                var session = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                upload.UploadId = session.GetProperty("uploadId").GetString();
                upload.VideoId = session.GetProperty("videoId").GetString();
                upload.ChunkSize = session.GetProperty("chunkSize").GetInt32();
            }

            var status = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative), cancellationToken);
            if (status.GetProperty("state").GetString() is "committed" or "completed")
            {
                upload.Completed = true;
                continue;
            }

            var received = status.GetProperty("received").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
            var count = (upload.Bytes.Length + upload.ChunkSize - 1) / upload.ChunkSize;
            action.Now = "sending chunks";
            foreach (var index in Enumerable.Range(0, count).Where(i => !received.Contains(i)).OrderBy(_ => random.Next()))
            {
                var chunk = upload.Bytes.AsMemory(index * upload.ChunkSize, Math.Min(upload.ChunkSize, upload.Bytes.Length - (index * upload.ChunkSize)));
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{upload.UploadId}/chunks/{index}") { Content = new ReadOnlyMemoryContent(chunk) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Headers.Add("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(chunk.Span))}:");
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            action.Now = "completing (commit)";
            using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null, cancellationToken);
            if (complete.StatusCode == HttpStatusCode.Accepted)
            {
                upload.Completed = true;
            }
        }

        action.Now = "nothing";
    }

    /// <summary>What the platform was doing when the kill came, from the videos' own status.</summary>
    private static async Task<string> StageAsync(HttpClient client, List<Upload> uploads, string clientAction)
    {
        var stages = new List<string>();
        foreach (var upload in uploads.Where(u => u.VideoId is not null))
        {
            try
            {
                var video = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative));
                var status = video.GetProperty("status").GetString()!;
                stages.Add(status == "processing" && video.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object
                    ? "processing:" + p.GetProperty("stage").GetString()
                    : status);
            }
            catch (HttpRequestException)
            {
                stages.Add("unreachable");
            }
        }

        var server = stages.FirstOrDefault(s => s.StartsWith("processing:", StringComparison.Ordinal))
            ?? stages.FirstOrDefault(s => s is "uploaded")
            ?? "no pipeline";
        return clientAction == "nothing" ? server : $"{clientAction}, {server}";
    }

    private static async Task WaitAllReadyAsync(HttpClient client, List<Upload> uploads, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var statuses = new List<string>();
            foreach (var upload in uploads)
            {
                var video = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative));
                statuses.Add(video.GetProperty("status").GetString()!);
            }

            if (statuses.All(s => s is "ready" or "failed"))
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    private static async Task<bool> VerifyAsync(HttpClient client, List<Upload> uploads, string data, Dictionary<string, int> stagesHit, int kills)
    {
        var intact = 0;
        var ready = 0;
        var found = 0;
        foreach (var upload in uploads)
        {
            var folder = Path.Combine(data, "store", "sources", upload.VideoId!);
            var stored = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
            if (stored.Length == 1 && SHA256.HashData(File.ReadAllBytes(stored[0])).AsSpan().SequenceEqual(SHA256.HashData(upload.Bytes)))
            {
                intact++;
            }

            var video = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/videos/{upload.VideoId}", UriKind.Relative));
            ready += video.GetProperty("status").GetString() == "ready" ? 1 : 0;
            var word = upload.Title.Split(' ')[^1];
            var hits = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/search?q={word}", UriKind.Relative));
            found += hits.GetProperty("items").EnumerateArray().Any(h => h.GetProperty("id").GetString() == upload.VideoId) ? 1 : 0;
        }

        var journal = new SqliteWorkflowStore(new SqliteDatabase(Path.Combine(data, "catalog.db")), TimeProvider.System);
        var runs = await journal.ListRunsAsync(null, CancellationToken.None);
        var chunkRuns = runs.Where(r => r.Activity == "media-transcode-chunk").ToList();
        var redone = chunkRuns.Where(r => r.Outcome == "completed").GroupBy(r => (r.InstanceId, r.CallKey)).Count(g => g.Count() > 1);
        var interrupted = chunkRuns.Count(r => r.Outcome is null);
        var orphans = TestTools.ProcessesMentioning(Path.Combine(data, "store")).Count;
        var leaked = Directory.Exists(Path.Combine(data, "store", "media"))
            ? Directory.EnumerateDirectories(Path.Combine(data, "store", "media"), "tmp", SearchOption.AllDirectories).Sum(d => Directory.EnumerateFileSystemEntries(d).Count())
            : 0;
        var staging = Directory.Exists(Path.Combine(data, "store", "staging")) ? Directory.EnumerateDirectories(Path.Combine(data, "store", "staging")).Count() : 0;

        Console.WriteLine($"crash: kills by stage: {string.Join(", ", stagesHit.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"crash: {kills} kills, {uploads.Count} uploads acknowledged: {intact} stored byte-identical, {ready} ready, {found} found by search; chunk tasks: {chunkRuns.Count(r => r.Outcome == "completed")} completed, {interrupted} cut short by a kill, {redone} finished chunks transcoded twice; {orphans} orphan ffmpeg, {leaked} leaked temp files, {staging} staging folders left"));
        return intact == uploads.Count && ready == uploads.Count && found == uploads.Count && redone == 0 && orphans == 0 && leaked == 0 && staging == 0;
    }

    /// <summary>What the client is doing, for the report of where each kill landed.</summary>
    private sealed class Activity
    {
        private string _now = "nothing";

        public string Now
        {
            get => Volatile.Read(ref _now);
            set => Volatile.Write(ref _now, value);
        }
    }

    private sealed class Upload(string path, string title, byte[] bytes)
    {
        public string Path { get; } = path;

        public string Title { get; } = title;

        public byte[] Bytes { get; } = bytes;

        public string? UploadId { get; set; }

        public string? VideoId { get; set; }

        public int ChunkSize { get; set; }

        public bool Completed { get; set; }
    }
}
