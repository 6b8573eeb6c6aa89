using Microsoft.Playwright;
using Netflix.Testing;

using static Netflix.Local.Tests.EndToEnd.HostApi;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>The watch page: its own controls over one seek bar, and what it says of a video that cannot be played.</summary>
public sealed partial class PagesTests
{
    [Fact]
    public async Task The_watch_page_plays_with_its_own_controls_and_one_seek_bar()
    {
        var clip = MakeClip("river.mp4", 3);
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        using var admin = Client(host, host.MintToken("ada", "admin"));
        var id = await ChunkedUpload.UploadAsync(admin, clip, "River at night");
        Assert.Equal("ready", (await WaitAsync(admin, id, v => v.Status is "ready" or "failed", TimeSpan.FromSeconds(60))).Status);

        var (page, errors) = await OpenAsync(host.MintToken("vic", "viewer"));
        await page.GotoAsync(new Uri(host.BaseAddress, $"/watch.html?v={id}").ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('player').readyState >= 1", null, Patience);
        var controls = await page.EvaluateAsync<bool>("() => document.getElementById('player').controls");
        var sliders = await page.Locator("[role=slider]").CountAsync();

        await page.ClickAsync("#mute");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 0.5", null, Patience);
        var playLabel = await page.GetAttributeAsync("#play", "aria-label");
        var muted = await page.EvaluateAsync<bool>("() => document.getElementById('player').muted");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.getElementById('player').paused", null, Patience);

        Assert.False(controls);
        Assert.Equal(1, sliders);
        Assert.Equal("Pause", playLabel);
        Assert.True(muted);
        Assert.Equal("Play", await page.GetAttributeAsync("#play", "aria-label"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_failed_video_is_not_found_for_a_viewer_and_explained_to_an_admin_and_neither_page_retries()
    {
        var junk = _data.Combine("notes.mp4");
        await File.WriteAllTextAsync(junk, string.Concat(Enumerable.Repeat("These are meeting notes, not a video. ", 200)));
        await using var host = new HostProcess(_data.Combine("data"), HostProcess.SmallLadder);
        await host.StartAsync();
        var adminToken = host.MintToken("ada", "admin");
        using var admin = Client(host, adminToken);
        var id = await ChunkedUpload.UploadAsync(admin, junk, "Meeting notes");
        var failed = await WaitAsync(admin, id, v => v.Status is "ready" or "failed", TimeSpan.FromSeconds(60));
        Assert.Equal("failed", failed.Status);

        var viewer = await WatchAsync(host, host.MintToken("vic", "viewer"), id);
        var adminView = await WatchAsync(host, adminToken, id);

        Assert.Contains("No video has the id", viewer.Error, StringComparison.Ordinal);
        Assert.Contains(failed.Failure!.Code, adminView.Error, StringComparison.Ordinal);
        Assert.All(new[] { viewer, adminView }, view => Assert.Equal(1, view.StreamRequests));
        Assert.All(new[] { viewer, adminView }, view => Assert.True(view.NoticeHidden));
    }

    /// <summary>Opens the watch page, waits for its error, then long enough for a retry, and counts the stream requests.</summary>
    private async Task<(string Error, int StreamRequests, bool NoticeHidden)> WatchAsync(HostProcess host, string token, string id)
    {
        var (page, errors) = await OpenAsync(token);
        var streamRequests = 0;
        page.Request += (_, request) => streamRequests += request.Url.Contains("/stream", StringComparison.Ordinal) ? 1 : 0;
        await page.GotoAsync(new Uri(host.BaseAddress, $"/watch.html?v={id}").ToString());
        await page.Locator("#error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Empty(errors);
        return ((await page.TextContentAsync("#error"))!, streamRequests, await page.IsHiddenAsync("#notice"));
    }
}
