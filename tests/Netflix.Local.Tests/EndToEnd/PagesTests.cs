using System.Net.Http.Json;
using Microsoft.Playwright;
using Netflix.Testing;

using static Netflix.Local.Tests.EndToEnd.HostApi;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>The web pages in headless Chromium against the real host process: the upload page and the search page.</summary>
public sealed partial class PagesTests : IAsyncLifetime
{
    private static readonly PageWaitForFunctionOptions Patience = new() { Timeout = 30_000, PollingInterval = 50 };

    private readonly TempFolder _data = new("netflix-pages");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task An_admin_uploads_on_the_upload_page_and_follows_the_transcoding_until_the_video_is_ready()
    {
        var clip = MakeClip("harbour.mp4", 3);
        Assert.True(new FileInfo(clip).Length > 65536, "the clip should take more than one chunk");
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        var token = host.MintToken("ada", "admin");
        var (page, errors) = await OpenAsync(token);

        // Every text the processing line shows, so the test sees the progress even when it moves fast.
        await page.AddInitScriptAsync(
            """
            window.__transcodeStatuses = [];
            document.addEventListener('DOMContentLoaded', () => {
              const status = document.getElementById('transcode-status');
              new MutationObserver(() => window.__transcodeStatuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
            });
            """);
        string? created = null;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/uploads", StringComparison.Ordinal))
            {
                created = request.PostData;
            }
        };
        await page.GotoAsync(new Uri(host.BaseAddress, "/upload.html").ToString());
        await page.Locator("#upload-form").WaitForAsync();
        await page.SetInputFilesAsync("#file", clip);
        await page.FillAsync("#title", "Harbour at dawn");
        await page.FillAsync("#tags", "harbour, morning");
        await page.ClickAsync("#start");

        await page.WaitForFunctionAsync("() => document.getElementById('upload-progress').value === 100", null, Patience);
        await page.Locator("#watch-link").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('transcode-status').textContent.startsWith('Status: ready')", null, Patience);

        var statuses = await page.EvaluateAsync<string[]>("() => window.__transcodeStatuses");
        var transcode = await page.EvaluateAsync<double[]>("() => { const p = document.getElementById('transcode-progress'); return [p.value, p.max]; }");
        var uploadStatus = await page.TextContentAsync("#upload-status");
        var href = await page.GetAttributeAsync("#watch-link", "href");
        Assert.Contains(statuses, s => s.StartsWith("Status: ", StringComparison.Ordinal) && !s.StartsWith("Status: ready", StringComparison.Ordinal));
        Assert.Equal(transcode[1], transcode[0]);
        Assert.StartsWith("Upload complete", uploadStatus, StringComparison.Ordinal);
        Assert.StartsWith("/watch.html?v=", href, StringComparison.Ordinal);

        // The page declared the file's SHA-256 when it created the session, so the server checked the joined chunks.
        Assert.NotNull(created);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(clip))),
            System.Text.Json.JsonDocument.Parse(created).RootElement.GetProperty("sha256").GetString());

        using var admin = Client(host, token);
        var video = (await admin.GetFromJsonAsync<VideoDto>(new Uri($"/api/videos/{href!["/watch.html?v=".Length..]}", UriKind.Relative)))!;
        Assert.Equal("ready", video.Status);
        Assert.Equal("Harbour at dawn", video.Title);
        Assert.Equal(["harbour", "morning"], video.Tags);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Typing_a_title_word_shows_the_matches_and_more_loads_the_next_page()
    {
        var clip = MakeClip("comet.mp4", 2);
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        var adminToken = host.MintToken("ada", "admin");
        var viewerToken = host.MintToken("vic", "viewer");
        using var admin = Client(host, adminToken);
        string[] comets = ["Comet over the bay", "Comet and the lighthouse", "Comet seen from orbit"];
        var ids = new List<string>();
        foreach (var title in comets.Append("Harbour at dawn"))
        {
            ids.Add(await ChunkedUpload.UploadAsync(admin, clip, title, "sky"));
        }

        foreach (var id in ids)
        {
            Assert.Equal("ready", (await WaitAsync(admin, id, v => v.Status is "ready" or "failed", TimeSpan.FromSeconds(60))).Status);
        }

        var (page, errors) = await OpenAsync(viewerToken);
        await page.GotoAsync(new Uri(host.BaseAddress, "/?pageSize=2").ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('total').textContent === '4 videos'", null, Patience);

        await page.FillAsync("#q", "comet");
        await page.WaitForFunctionAsync("() => document.getElementById('total').textContent === '3 videos'", null, Patience);
        var first = await TitlesAsync(page);
        Assert.Equal(2, first.Count);
        Assert.All(first, t => Assert.Contains(t, comets));
        Assert.True(await page.IsVisibleAsync("#more"));
        Assert.Contains("q=comet", page.Url, StringComparison.Ordinal);
        Assert.Contains("pageSize=2", page.Url, StringComparison.Ordinal);

        await page.ClickAsync("#more");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#results .result').length === 3", null, Patience);
        await page.WaitForFunctionAsync("() => document.getElementById('more').hidden", null, Patience);
        Assert.Equal(comets.Order(StringComparer.Ordinal), (await TitlesAsync(page)).Order(StringComparer.Ordinal));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task My_uploads_lists_the_signed_in_admins_own_uploads_and_pages_through_them()
    {
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        var adaToken = host.MintToken("ada", "admin");
        using var ada = Client(host, adaToken);
        using var bea = Client(host, host.MintToken("bea", "admin"));

        // Open upload sessions are enough: each makes a video in the uploader's name.
        var mine = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            mine.Add($"Ada's reel {i:00}");
            await ChunkedUpload.CreateAsync(ada, mine[^1], 100_000);
            await Task.Delay(5); // each a moment after the last, so newest first is this order reversed
        }

        await ChunkedUpload.CreateAsync(bea, "Bea's reel", 100_000);

        var (page, errors) = await OpenAsync(adaToken);
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#admin-list .admin-item').length === 10", null, Patience);
        Assert.Equal(mine.AsEnumerable().Reverse().Take(10), await AdminTitlesAsync(page));
        Assert.True(await page.IsVisibleAsync("#admin-more"));

        await page.ClickAsync("#admin-more");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#admin-list .admin-item').length === 12", null, Patience);
        await page.WaitForFunctionAsync("() => document.getElementById('admin-more').hidden", null, Patience);
        Assert.Equal(mine.AsEnumerable().Reverse(), await AdminTitlesAsync(page));
        Assert.Empty(errors);
    }

    private static async Task<IReadOnlyList<string>> AdminTitlesAsync(IPage page)
        => await page.Locator("#admin-list .admin-item .admin-title").AllTextContentsAsync();

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string token)
    {
        var context = await _browser!.NewContextAsync();
        await context.AddInitScriptAsync($"localStorage.setItem('netflix.token', '{token}');");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    private static async Task<IReadOnlyList<string>> TitlesAsync(IPage page)
        => await page.Locator("#results .result .result-title").AllTextContentsAsync();

    private string MakeClip(string name, int seconds) => TestTools.MakeClip(_data.Combine(name), "426x240", seconds);
}
