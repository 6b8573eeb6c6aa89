using System.Net;
using Netflix.Testing;

namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// Media the platform accepts but may not be able to process: each ends ready or failed with a reason, the original
/// is kept byte for byte, and the host stays healthy.
/// </summary>
[Trait("Report", "bad-input")]
[Collection(BadMediaCollection.Name)]
public sealed class BadMediaTests(PlatformHost host) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflix-bad-media-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_corrupt_file_fails_with_a_reason()
    {
        // The container is recognised but its index is noise: the platform reports it as incomplete or damaged.
        var video = await AssertFailedAsync(BadMedia.Corrupt(_directory), "media-truncated");

        Assert.Contains("damaged", video.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_fails_with_a_reason()
        => await AssertFailedAsync(BadMedia.Truncated(_directory), "media-truncated");

    [Fact]
    public async Task A_text_file_named_mp4_fails_as_not_media()
    {
        var notes = Path.Combine(_directory, "notes.mp4");
        await File.WriteAllTextAsync(notes, "These are meeting notes, not a video.");

        await AssertFailedAsync(notes, "media-not-media");
    }

    [Fact]
    public async Task A_png_named_mp4_fails_as_a_still_image_and_lists_no_renditions()
    {
        var video = await AssertFailedAsync(BadMedia.PngNamedMp4(_directory), "media-still-image");

        Assert.Empty(video.Renditions);
        Assert.Null(video.Duration);
    }

    [Fact]
    public async Task An_audio_only_file_fails_for_want_of_a_video_stream()
        => await AssertFailedAsync(BadMedia.AudioOnly(_directory), "media-no-video-stream");

    [Fact]
    public async Task A_video_without_audio_becomes_ready()
    {
        var video = await AssertReadyAsync(BadMedia.Clip(_directory, "silent.mp4", audio: null));

        // The ladder never upscales: a 90-line source gets one 90p rendition.
        Assert.Equal(["90p"], video.Renditions.Select(r => r.Name));
    }

    [Fact]
    public async Task A_video_with_5_1_audio_becomes_ready()
    {
        var path = BadMedia.Clip(_directory, "surround.mp4", extra: ["-ac", "6"]);
        Assert.Equal("6", BadMedia.Ffprobe(path, "stream=channels", "a:0"));

        await AssertReadyAsync(path);
    }

    [Fact]
    public async Task A_variable_frame_rate_video_becomes_ready()
    {
        var path = BadMedia.VariableFrameRate(_directory);
        Assert.NotEqual(BadMedia.Ffprobe(path, "stream=r_frame_rate"), BadMedia.Ffprobe(path, "stream=avg_frame_rate"));

        // Found by this suite: B-frame delay differed per chunk and the second chunk's decode times overlapped the first.
        var video = await AssertReadyAsync(path);

        Assert.InRange(video.Duration!.Value, 1.8, 2.2);
    }

    [Fact]
    public async Task A_rotated_video_becomes_ready_with_portrait_renditions()
    {
        var path = BadMedia.Rotated(_directory);
        Assert.Matches("rotation=-?90", TestTools.FFprobe("-v", "error", "-show_streams", path));

        var video = await AssertReadyAsync(path);

        Assert.NotEmpty(video.Renditions);
        Assert.All(video.Renditions, r => Assert.True(r.Height > r.Width, $"{r.Name} is {r.Width}x{r.Height}"));
    }

    [Fact]
    public async Task A_one_pixel_video_becomes_ready_with_a_playable_rendition()
    {
        var video = await AssertReadyAsync(BadMedia.OnePixel(_directory));

        // H.264 in 4:2:0 needs even sizes, so the smallest rendition is at least 2x2.
        var rendition = Assert.Single(video.Renditions);
        Assert.True(rendition.Width >= 2 && rendition.Height >= 2 && rendition.Width % 2 == 0 && rendition.Height % 2 == 0, $"{rendition}");
    }

    [Fact]
    public async Task A_three_hour_header_on_a_two_second_file_is_not_believed()
    {
        var path = BadMedia.LyingDuration(_directory);
        Assert.InRange(double.Parse(BadMedia.Ffprobe(path, "format=duration"), System.Globalization.CultureInfo.InvariantCulture), 10_000, 11_000);

        var video = await AssertReadyAsync(path);

        Assert.InRange(video.Duration!.Value, 1.8, 2.2);
    }

    [Fact]
    public async Task A_one_megabyte_title_tag_inside_the_file_does_not_reach_the_catalog()
    {
        var path = BadMedia.HugeTitleTag(_directory);
        Assert.True(BadMedia.Ffprobe(path, "format_tags=title").Length >= 1024 * 1024);

        var video = await AssertReadyAsync(path);

        Assert.Equal("huge-tag.mp4", video.Title);
    }

    [Fact]
    public async Task A_zero_byte_one_shot_upload_is_refused_and_leaves_nothing()
    {
        var empty = Path.Combine(_directory, "empty.mp4");
        await File.WriteAllBytesAsync(empty, []);
        var before = Aftercare.Snapshot(Path.Combine(host.DataDirectory, "store", "sources"));
        using var client = host.Client(host.AdminToken);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Empty"), "title" },
            { new ByteArrayContent([]), "data", "empty.mp4" },
        };

        await Problems.AssertAsync(client.PostAsync(new Uri("/api/videos", UriKind.Relative), form), HttpStatusCode.BadRequest, "upload-empty");

        Assert.Equal(before, Aftercare.Snapshot(Path.Combine(host.DataDirectory, "store", "sources")));
        await Aftercare.AssertHealthyAsync(host);
    }

    private async Task<VideoDto> AssertFailedAsync(string path, string code)
    {
        var video = await host.UploadAndWaitAsync(path, Path.GetFileName(path), "badinput");

        Assert.True(video.Status == "failed", $"{Path.GetFileName(path)}: {video.Status}");
        Assert.Equal(code, video.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(video.Failure.Reason));
        await Aftercare.AssertSourceKeptAsync(host, video.Id, await File.ReadAllBytesAsync(path));
        await Aftercare.AssertHealthyAsync(host);
        return video;
    }

    private async Task<VideoDto> AssertReadyAsync(string path)
    {
        var video = await host.UploadAndWaitAsync(path, Path.GetFileName(path), "badinput");

        Assert.True(video.Status == "ready", $"{Path.GetFileName(path)}: {video.Status} {video.Failure}");
        await Aftercare.AssertSourceKeptAsync(host, video.Id, await File.ReadAllBytesAsync(path));
        await Aftercare.AssertHealthyAsync(host);
        return video;
    }
}
