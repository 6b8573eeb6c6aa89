using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Tools;

namespace Netflix.Media.Probing;

/// <summary>
/// Describes a source: container, streams, rotation, frame rate and keyframes. Bad input is a
/// <see cref="ProbeResult"/> failure with a reason an uploader can act on; it never throws for a bad file.
/// </summary>
public sealed class MediaProber(IMediaToolRunner runner)
{
    private const string StillImageReason = "The file is a still picture, not a video: upload a video with moving frames.";

    /// <summary>A file whose frames end this much earlier than its header says is cut off.</summary>
    private static readonly TimeSpan TruncationSlack = TimeSpan.FromSeconds(1);

    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            return ProbeResult.Failed(MediaFailureCode.FileMissing, "The source file does not exist.");
        }

        if (file.Length == 0)
        {
            return ProbeResult.Failed(MediaFailureCode.EmptyFile, "The file is empty (0 bytes).");
        }

        var json = await runner.ProbeAsync(
            ["-v", "quiet", "-print_format", "json", "-show_error", "-show_format", "-show_streams", fullPath],
            cancellationToken);

        FFprobeDocument document;
        try
        {
            document = FFprobeDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            document = new FFprobeDocument { ErrorMessage = "ffprobe output could not be read" };
        }

        if (document.ErrorMessage is { } error)
        {
            return Unreadable(fullPath, error);
        }

        var videoStream = document.Streams.FirstOrDefault(s => s.CodecType == "video" && !s.IsAttachedPicture);
        if (videoStream is null)
        {
            var hasAudio = document.Streams.Any(s => s.CodecType == "audio");
            var hasPicture = document.Streams.Any(s => s.CodecType == "video" && s.IsAttachedPicture);
            return (hasAudio, hasPicture) switch
            {
                (false, true) => ProbeResult.Failed(MediaFailureCode.StillImage, StillImageReason),
                (true, true) => ProbeResult.Failed(MediaFailureCode.NoVideoStream, "The file has audio and a cover picture but no video stream."),
                (true, false) => ProbeResult.Failed(MediaFailureCode.NoVideoStream, "The file has audio but no video stream."),
                _ => ProbeResult.Failed(MediaFailureCode.NoVideoStream, "The file has no video stream."),
            };
        }

        if (string.IsNullOrEmpty(videoStream.CodecName) || videoStream.CodecName == "none" || videoStream.Width <= 0 || videoStream.Height <= 0)
        {
            return ProbeResult.Failed(MediaFailureCode.UnsupportedCodec, "The video stream uses a codec this platform cannot decode.");
        }

        var scan = await PacketScan.RunAsync(
            runner, fullPath, videoStream.Index.ToString(CultureInfo.InvariantCulture), videoStream.FrameRate, cancellationToken);
        var frames = scan.ToFrameIndex();
        if (frames is null)
        {
            return ProbeResult.Failed(MediaFailureCode.NoVideoFrames, "The video stream contains no frames.");
        }

        var declared = videoStream.Duration ?? document.Duration;
        if (declared is { } claim && claim - frames.Duration > TruncationSlack && frames.Duration < claim * 0.95)
        {
            return ProbeResult.Failed(
                MediaFailureCode.Truncated,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file holds {frames.Duration.TotalSeconds:0.0} s of video but declares {claim.TotalSeconds:0.0} s: it is incomplete or damaged."));
        }

        // An image file (a PNG named .mp4, say) or a one-frame "video" would become a stream of one frame: a title
        // nobody can watch, found out only after every step ran.
        if (frames.FrameCount == 1 || IsImageFormat(document.FormatName))
        {
            return ProbeResult.Failed(MediaFailureCode.StillImage, StillImageReason);
        }

        if (frames.Keyframes.Count == 0)
        {
            return ProbeResult.Failed(MediaFailureCode.NoVideoFrames, "The video stream has no keyframe to start decoding from.");
        }

        var audioStreams = document.Streams.Where(s => s.CodecType == "audio" && !string.IsNullOrEmpty(s.CodecName) && s.Channels > 0).ToList();
        var audio = audioStreams.FirstOrDefault(s => s.IsDefault) ?? audioStreams.FirstOrDefault();

        var info = new MediaInfo
        {
            Container = document.FormatName,
            SizeBytes = file.Length,
            Duration = frames.Duration,
            DeclaredDuration = document.Duration,
            BitRate = document.BitRate,
            Video = new VideoTrack
            {
                StreamIndex = videoStream.Index,
                Codec = videoStream.CodecName,
                Profile = videoStream.Profile,
                Width = videoStream.Width,
                Height = videoStream.Height,
                SampleAspectRatio = videoStream.SampleAspectRatio.IsValid ? videoStream.SampleAspectRatio : new Rational(1, 1),
                Rotation = videoStream.Rotation,
                FrameRate = videoStream.FrameRate,
                AverageFrameRate = videoStream.AverageFrameRate,
                PixelFormat = videoStream.PixelFormat,
                IsInterlaced = videoStream.IsInterlaced,
                BitRate = videoStream.BitRate,
            },
            Audio = audio is null ? null : new AudioTrack
            {
                StreamIndex = audio.Index,
                Codec = audio.CodecName,
                Channels = audio.Channels,
                ChannelLayout = audio.ChannelLayout,
                SampleRate = audio.SampleRate,
                BitRate = audio.BitRate,
                Language = audio.Language,
                StartTime = audio.StartTime ?? document.StartTime,
            },
            AudioTrackCount = audioStreams.Count,
            // The first frame that can be decoded, which is where the title starts and the audio is aligned to.
            VideoStart = frames.FirstFrameTime,
            ContainerStart = document.StartTime,
            FrameCount = frames.FrameCount,
            IsVariableFrameRate = frames.IsVariableFrameRate,
            MaxFrameDuration = frames.MaxFrameDuration,
        };
        return ProbeResult.Ok(info, frames);
    }

    /// <summary>ffmpeg's single-image demuxers ("png_pipe", "jpeg_pipe", …, "image2") read one picture per file.</summary>
    private static bool IsImageFormat(string formatName)
        => formatName.Split(',').Any(name => name == "image2" || name.EndsWith("_pipe", StringComparison.Ordinal));

    private static ProbeResult Unreadable(string path, string error)
    {
        var container = ContainerSignature.Detect(path);
        return container is null
            ? ProbeResult.Failed(MediaFailureCode.NotMedia, $"The file is not a video this platform can read ({error}).")
            : ProbeResult.Failed(
                MediaFailureCode.Truncated,
                $"The file looks like {container} but cannot be read ({error}): it is incomplete or damaged.");
    }
}
