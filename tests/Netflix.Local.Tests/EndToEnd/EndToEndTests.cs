using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Netflix.Local.Catalog;
using Netflix.Local.Workflow;
using Netflix.Testing;

using static Netflix.Local.Tests.EndToEnd.HostApi;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>The real host process, a real upload, real playback in headless Chromium, and a real crash.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempFolder _data = new("netflix-e2e");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_upload_is_found_and_plays_in_a_browser_at_the_chosen_quality()
    {
        var clip = MakeClip("aurora.mp4", "426x240", 6);
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        using var admin = Client(host, host.MintToken("ada", "admin"));
        var viewerToken = host.MintToken("vic", "viewer");
        using var viewer = Client(host, viewerToken);

        var id = await ChunkedUpload.UploadAsync(admin, clip, "Aurora borealis time-lapse", "night-sky,timelapse");
        var video = await WaitAsync(admin, id, v => v.Status is "ready" or "failed", TimeSpan.FromMinutes(2));
        Assert.Equal("ready", video.Status);

        // Found by a title word and by a tag.
        var byWord = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?q=borealis", UriKind.Relative));
        var byTag = await viewer.GetFromJsonAsync<SearchDto>(new Uri("/api/search?tag=night-sky", UriKind.Relative));
        Assert.Contains(byWord!.Items, h => h.Id == id);
        Assert.Contains(byTag!.Items, h => h.Id == id);

        // Master, variant and segment through their own signed URLs.
        var link = (await viewer.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{id}/stream", UriKind.Relative)))!;
        using var anonymous = new HttpClient();
        var master = await anonymous.GetStringAsync(new Uri(link.Url));
        var variant = new Uri(new Uri(link.Url), master.Split('\n').First(l => l.StartsWith("240p/", StringComparison.Ordinal)));
        var media = await anonymous.GetStringAsync(variant);
        var segment = new Uri(variant, media.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')));
        using var segmentResponse = await anonymous.GetAsync(segment);
        Assert.Equal(HttpStatusCode.OK, segmentResponse.StatusCode);

        // And it plays in Chromium through the player page, at 426x240 once that quality is chosen.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
        });
        var context = await browser.NewContextAsync();
        await context.AddInitScriptAsync($"localStorage.setItem('netflix.token', '{viewerToken}');");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(host.BaseAddress, $"/watch.html?v={id}").ToString());
        await page.WaitForFunctionAsync("() => { const v = document.getElementById('player'); return v && v.readyState >= 1; }", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.EvaluateAsync("() => { const v = document.getElementById('player'); v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 1", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // The choices are filled once the master playlist is parsed; say what the list held if 240p never shows.
        const string HasChoice = "() => [...document.getElementById('quality').options].some(o => o.textContent.startsWith('240p'))";
        try
        {
            await page.WaitForFunctionAsync(HasChoice, null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var choices = await page.EvaluateAsync<string[]>("() => [...document.getElementById('quality').options].map(o => o.textContent)");
            Assert.Fail($"No 240p choice; the list held: {string.Join(" | ", choices)}");
        }

        await page.EvaluateAsync(
            """
            () => {
              const select = document.getElementById('quality');
              const option = [...select.options].find(o => o.textContent.startsWith('240p'));
              select.value = option.value;
              select.dispatchEvent(new Event('change', { bubbles: true }));
            }
            """);
        await page.WaitForFunctionAsync("() => document.getElementById('player').videoWidth === 426", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var size = await page.EvaluateAsync<int[]>("() => { const v = document.getElementById('player'); return [v.videoWidth, v.videoHeight]; }");
        var title = await page.TextContentAsync("#title");

        Assert.Equal([426, 240], size);
        Assert.Equal("Aurora borealis time-lapse", title);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_host_killed_mid_pipeline_finishes_the_job_after_a_restart_without_redoing_finished_chunks()
    {
        // Longer and one task at a time, so there is a pipeline in flight to kill.
        var clip = MakeClip("long.mp4", "640x360", 16);
        string[] settings = [.. HostProcess.SmallLadder, "--Local:WorkerSlots=1"];
        var data = _data.Combine("data");
        string id;
        string token;
        await using (var first = new HostProcess(data, settings))
        {
            await first.StartAsync();
            token = first.MintToken("ada", "admin");
            using var client = Client(first, token);
            id = await ChunkedUpload.UploadAsync(client, clip, "Crash course", "crash");
            var midway = await WaitAsync(client, id, v => v.Progress is { Stage: "transcoding", Done: >= 2 }, TimeSpan.FromMinutes(2));
            Assert.True(midway.Progress!.Done < midway.Progress.Total, "the pipeline finished before the crash");
            await first.KillAsync();
        }

        var database = new SqliteDatabase(Path.Combine(data, "catalog.db"));
        var journal = new SqliteWorkflowStore(database, TimeProvider.System);
        var before = (await journal.ListRunsAsync(null, CancellationToken.None)).Where(r => r.Activity == "media-transcode-chunk").ToList();
        var finishedBefore = before.Where(r => r.Outcome == "completed").Select(r => r.CallKey).ToHashSet();
        Assert.NotEmpty(finishedBefore);

        await using (var second = new HostProcess(data, settings))
        {
            await second.StartAsync();
            using var client = Client(second, token);
            var video = await WaitAsync(client, id, v => v.Status is "ready" or "failed", TimeSpan.FromMinutes(3));
            Assert.Equal("ready", video.Status);

            var after = (await journal.ListRunsAsync(null, CancellationToken.None)).Where(r => r.Activity == "media-transcode-chunk").ToList();
            var rerun = after.Skip(before.Count).Where(r => finishedBefore.Contains(r.CallKey)).ToList();
            Assert.Empty(rerun);
            Assert.All(after.GroupBy(r => r.CallKey), g => Assert.Equal(1, g.Count(r => r.Outcome == "completed")));
            Assert.Equal(video.Progress!.Total, after.Where(r => r.Outcome == "completed").Select(r => r.CallKey).Distinct().Count());

            // Nothing of the dead run is left: no ffmpeg working on this data folder, no temporary files.
            Assert.Empty(TestTools.ProcessesMentioning(Path.Combine(data, "store")));
            Assert.Empty(Directory.EnumerateDirectories(Path.Combine(data, "store", "media", id), "tmp", SearchOption.AllDirectories)
                .SelectMany(d => Directory.EnumerateFileSystemEntries(d)));
        }
    }

    [Fact]
    public async Task An_upload_killed_midway_resumes_after_a_restart_with_its_file_digest_and_what_is_missing()
    {
        var file = new byte[300_000];
        new Random(7).NextBytes(file);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        string[] settings = [.. HostProcess.SmallLadder, "--Uploads:ChunkSize=65536"];
        var data = _data.Combine("resume");
        string token;
        UploadDto upload;
        await using (var first = new HostProcess(data, settings))
        {
            await first.StartAsync();
            token = first.MintToken("ada", "admin");
            using var client = Client(first, token);
            upload = await ChunkedUpload.CreateAsync(client, "Resumed after a crash", file.Length, fileName: "random.bin", sha256: sha256);
            foreach (var index in new[] { 0, 2 })
            {
                using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(file, upload, index)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await first.KillAsync();
        }

        await using (var second = new HostProcess(data, settings))
        {
            await second.StartAsync();
            using var client = Client(second, token);
            var status = (await client.GetFromJsonAsync<UploadDto>(new Uri($"/api/uploads/{upload.UploadId}", UriKind.Relative)))!;
            Assert.Equal(sha256, status.Sha256);
            Assert.Equal([0, 2], status.Received);
            Assert.Equal([new ChunkRangeDto(1, 1), new ChunkRangeDto(3, 4)], status.Missing);
            Assert.Equal(3, status.MissingCount);

            // A received chunk is still final after the restart.
            using (var other = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, 2, new byte[65536])))
            {
                Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
            }

            foreach (var index in status.MissingChunks)
            {
                using var response = await client.SendAsync(ChunkedUpload.Chunk(upload.UploadId, index, ChunkedUpload.Slice(file, upload, index)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var complete = await client.PostAsync(new Uri($"/api/uploads/{upload.UploadId}/complete", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
            var original = Assert.Single(Directory.GetFiles(Path.Combine(data, "store", "sources", upload.VideoId)));
            Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(original))));
        }
    }

    private string MakeClip(string name, string size, int seconds) => TestTools.MakeClip(_data.Combine(name), size, seconds);
}
