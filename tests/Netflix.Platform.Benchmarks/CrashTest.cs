using System.Globalization;
using System.Net;
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
    private static readonly string[] Settings = [.. HostProcess.SmallLadder, "--Local:WorkerSlots=1"];

    /// <summary>
    /// The moments each kill aims at, in turn: two seen from the client (what it is sending) and five from the
    /// host's own journal of running activities. A kill waits for its moment (then, for the longer ones, a random 0–50 ms
    /// more), or gives up waiting after half a minute and kills wherever the host is. Where it landed is read after the
    /// kill: the journal of a dead host no longer moves.
    /// </summary>
    private static readonly (string Name, bool Brief, Func<Moment, bool> Matches)[] Targets =
    [
        ("uploading chunks", false, m => m.Client == SendingChunks),
        ("committing", true, m => m.Client == Committing),
        ("splitting", false, m => m.Running.Contains("media-split")),
        ("transcoding chunks", false, m => m.Running.Contains("media-transcode-chunk")),
        ("stitching", true, m => m.Running.Contains("media-stitch")),
        ("verifying", false, m => m.Running.Overlaps(["media-check-rendition", "media-check-audio", "media-thumbnails"])),
        ("publishing", true, m => m.Running.Contains("video-publish")),
    ];

    private const string SendingChunks = "sending chunks";
    private const string Committing = "committing";

    public static async Task<bool> RunAsync(string work, int kills, int titles, int seed)
    {
        var random = new Random(seed);
        var data = Path.Combine(work, "host-crash");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        // Every run brings a new title, so each kill's moment is still ahead of at least one of them.
        titles = Math.Max(titles, kills + 1);
        var clips = Enumerable.Range(0, titles).Select(i => BenchHost.MakeClip(work, "426x240", 6 + (i % 4), $"crash-{i}.mp4")).ToList();
        var uploads = clips.Select((path, i) => new Upload(path, $"Crash title {i} aurora{i}", File.ReadAllBytes(path))).ToList();
        var landed = new List<(string Target, string Landed, bool Inside)>();
        SqliteWorkflowStore? journal = null;

        for (var round = 0; round <= kills; round++)
        {
            var started = DateTimeOffset.UtcNow;
            await using var host = await BenchHost.StartAsync(data, Settings);
            journal ??= new SqliteWorkflowStore(new SqliteDatabase(Path.Combine(data, "catalog.db")), TimeProvider.System);
            using var client = host.Client(host.AdminToken);
            using var stop = new CancellationTokenSource();
            var active = uploads.Take(Math.Min(uploads.Count, round + 1)).ToList();
            var action = new Activity();
            var driving = DriveAsync(client, round == kills ? uploads : active, random, action, stop.Token);
            if (round == kills)
            {
                // The last run: no kill; everything must finish.
                await driving;
                await WaitAllReadyAsync(client, uploads, TimeSpan.FromMinutes(10));
                return await VerifyAsync(client, uploads, data, landed, kills);
            }

            var target = Targets[round % Targets.Length];
            var hit = await WaitForAsync(target.Matches, action, journal, started, TimeSpan.FromSeconds(30));
            if (!target.Brief)
            {
                await Task.Delay(random.Next(0, 51));
            }

            var clientAtKill = action.Now;
            await host.Process.KillAsync();
            var moment = (await MomentAsync(action, journal, started)) with { Client = clientAtKill };
            await stop.CancelAsync();
            try
            {
                await driving;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The host died under the client: exactly what this test does.
            }

            landed.Add((target.Name, moment.Describe(), target.Matches(moment)));
            Console.WriteLine($"crash: kill {round + 1,2}/{kills} aimed at {target.Name}{(hit ? string.Empty : " (not seen in 30 s)")}, landed during {moment.Describe()}");
        }

        return false;
    }

    private static async Task<bool> WaitForAsync(Func<Moment, bool> matches, Activity action, SqliteWorkflowStore journal, DateTimeOffset since, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (matches(await MomentAsync(action, journal, since)))
            {
                return true;
            }

            await Task.Delay(5);
        }

        return false;
    }

    /// <summary>
    /// What the client is sending and which activities the host's journal shows running, right now (runs a kill cut
    /// short stay open in the journal, so only those started by this host count).
    /// </summary>
    private static async Task<Moment> MomentAsync(Activity action, SqliteWorkflowStore journal, DateTimeOffset since)
    {
        var client = action.Now;
        var runs = await journal.ListRunsAsync(null, CancellationToken.None);
        return new Moment(client, runs.Where(r => r.Outcome is null && r.FinishedAt is null && r.StartedAt >= since).Select(r => r.Activity).ToHashSet(StringComparer.Ordinal));
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

            action.Now = SendingChunks;
            foreach (var index in UploadRequests.MissingChunks(status).OrderBy(_ => random.Next()))
            {
                var chunk = upload.Bytes.AsMemory(index * upload.ChunkSize, Math.Min(upload.ChunkSize, upload.Bytes.Length - (index * upload.ChunkSize)));
                using var request = UploadRequests.Chunk(upload.UploadId!, index, chunk);
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            action.Now = Committing;
            using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null, cancellationToken);
            if (complete.StatusCode == HttpStatusCode.Accepted)
            {
                upload.Completed = true;
            }
        }

        action.Now = "nothing";
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

    private static async Task<bool> VerifyAsync(HttpClient client, List<Upload> uploads, string data, List<(string Target, string Landed, bool Inside)> landed, int kills)
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

        var reached = Targets.Count(t => landed.Any(l => l.Target == t.Name && l.Inside));
        Console.WriteLine($"crash: kills that landed inside the moment aimed at: {string.Join(", ", Targets.Select(t => $"{t.Name} {landed.Count(l => l.Target == t.Name && l.Inside)}/{landed.Count(l => l.Target == t.Name)}"))}; {reached} of {Targets.Length} moments hit");
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

    /// <summary>A moment of the run: the client's action and the activities running in the host.</summary>
    private sealed record Moment(string Client, HashSet<string> Running)
    {
        public string Describe()
        {
            var host = Running.Count == 0 ? "no activity" : string.Join(" + ", Running.Order(StringComparer.Ordinal));
            return Client == "nothing" ? host : $"{Client}; host: {host}";
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
