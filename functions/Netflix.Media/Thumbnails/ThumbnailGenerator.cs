using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;
using Netflix.Media.Hls;
using Netflix.Media.Tools;
using Netflix.Media.Transcoding;

namespace Netflix.Media.Thumbnails;

/// <summary>
/// A poster frame and a storyboard (sprite sheets plus a WebVTT with #xywh cues) for seek-bar previews. Both are
/// cut from the finished renditions, which are already upright, deinterlaced and square-pixelled; the storyboard
/// decodes the smallest one, which costs a fraction of decoding the source.
/// </summary>
public sealed class ThumbnailGenerator(IMediaToolRunner runner, IOptions<MediaOptions> options)
{
    public async Task<ThumbnailResult> GenerateAsync(JobLayout layout, TranscodePlan plan, CancellationToken cancellationToken)
    {
        var settings = options.Value.Thumbnails;
        var largest = plan.Ladder.Video[0];
        var smallest = plan.Ladder.Video[^1];
        var duration = plan.Source.Duration;
        var interval = TimeSpan.FromTicks(Math.Clamp(duration.Ticks / settings.TargetTiles, settings.MinInterval.Ticks, settings.MaxInterval.Ticks));
        var tiles = Math.Max(1, (int)Math.Ceiling(duration / interval));
        var (tileWidth, tileHeight) = TileSize(smallest, settings.TileWidth);
        var perSheet = settings.TileColumns * settings.TileRows;
        var sheetCount = (tiles + perSheet - 1) / perSheet;
        var sheets = Enumerable.Range(0, sheetCount).Select(JobLayout.StoryboardSheetName).ToList();
        var result = new ThumbnailResult(Path.GetFileName(layout.Poster), Path.GetFileName(layout.StoryboardVtt), sheets, tileWidth, tileHeight, interval, tiles);

        if (File.Exists(layout.StoryboardVtt) && File.Exists(layout.Poster))
        {
            return result;
        }

        using var scratch = Scratch.Create(layout, "thumbs");
        var temp = scratch.Path;
        // Seeking inside an fMP4 HLS stream is unreliable in ffmpeg 5.1, so read the one segment holding the
        // poster's moment, init segment first, as a single fragmented MP4.
        var (init, segment) = SegmentAt(layout.RenditionDirectory(largest.Name), duration * settings.PosterPosition);
        var posterWidth = Math.Min(settings.PosterWidth, largest.Width) / 2 * 2;
        var poster = new FFmpegArguments().Add("-threads", 1)
            .InputConcat(init, segment)
            // Of the segment's first second, the frame most typical of it: avoids a fade or a flash.
            .Add("-vf", string.Create(CultureInfo.InvariantCulture, $"scale={posterWidth}:-2,thumbnail=n={Math.Max(1, (int)Math.Round(plan.Source.AverageFrameRate))}"))
            .Add("-frames:v", 1).Add("-q:v", 3).Add("-update", 1)
            .Output(Path.Combine(temp, Path.GetFileName(layout.Poster)));
        await runner.RunAsync(poster.Build(), null, cancellationToken);

        var storyboard = new FFmpegArguments().Add("-threads", 1)
            .Input(layout.MediaPlaylist(smallest.Name))
            .Add("-vf", string.Create(
                CultureInfo.InvariantCulture,
                $"fps=1/{interval.TotalSeconds:0.######},scale={tileWidth}:{tileHeight},tile={settings.TileColumns}x{settings.TileRows}"))
            .Add("-q:v", 5).Add("-start_number", 0)
            .Output(Path.Combine(temp, "storyboard_%03d.jpg"));
        await runner.RunAsync(storyboard.Build(), null, cancellationToken);

        var made = sheets.Count(sheet => File.Exists(Path.Combine(temp, sheet)));
        if (!File.Exists(Path.Combine(temp, result.Poster)) || made == 0)
        {
            throw new MediaProcessingException(new MediaFailure(MediaFailureCode.ProcessingFailed, "Thumbnails could not be made."));
        }

        await File.WriteAllTextAsync(
            Path.Combine(temp, result.Storyboard), WriteVtt(result, settings.TileColumns, settings.TileRows, duration), cancellationToken);

        Scratch.Publish(temp, layout.ThumbnailsDirectory, result.Storyboard);
        return result;
    }

    private static (string Init, string Segment) SegmentAt(string renditionDirectory, TimeSpan at)
    {
        var playlist = MediaPlaylist.Parse(File.ReadAllText(Path.Combine(renditionDirectory, JobLayout.MediaPlaylistName)));
        var start = TimeSpan.Zero;
        var chosen = playlist.Segments[^1];
        foreach (var segment in playlist.Segments)
        {
            if (at < start + segment.Duration)
            {
                chosen = segment;
                break;
            }

            start += segment.Duration;
        }

        return (Path.Combine(renditionDirectory, chosen.InitUri ?? JobLayout.SharedInitName), Path.Combine(renditionDirectory, chosen.Uri));
    }

    /// <summary>Tiles keep the picture's shape; the long side is the configured tile width.</summary>
    internal static (int Width, int Height) TileSize(VideoRendition rendition, int longSide)
    {
        var landscape = rendition.Width >= rendition.Height;
        var ratio = landscape ? (double)rendition.Height / rendition.Width : (double)rendition.Width / rendition.Height;
        var shortSide = Math.Max(2, (int)Math.Round(longSide * ratio / 2) * 2);
        return landscape ? (longSide, shortSide) : (shortSide, longSide);
    }

    internal static string WriteVtt(ThumbnailResult storyboard, int columns, int rows, TimeSpan duration)
    {
        var perSheet = columns * rows;
        var text = new StringBuilder("WEBVTT\n");
        for (var i = 0; i < storyboard.Tiles; i++)
        {
            var from = storyboard.Interval * i;
            var to = i == storyboard.Tiles - 1 ? duration : storyboard.Interval * (i + 1);
            var sheet = storyboard.Sheets[i / perSheet];
            var x = i % perSheet % columns * storyboard.TileWidth;
            var y = i % perSheet / columns * storyboard.TileHeight;
            text.Append(CultureInfo.InvariantCulture, $"\n{Timestamp(from)} --> {Timestamp(to)}\n{sheet}#xywh={x},{y},{storyboard.TileWidth},{storyboard.TileHeight}\n");
        }

        return text.ToString();
    }

    private static string Timestamp(TimeSpan time)
        => string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");
}
