using System.Globalization;
using Netflix.Core.Media;
using Netflix.Media.Hls;
using Netflix.Media.Tools;

namespace Netflix.Media.Transcoding;

/// <summary>
/// Encodes the title's audio once, start to end: per-chunk AAC would leave a priming gap at every join and
/// drift. The track is laid on the video's clock: it starts with the first video frame and is padded or trimmed
/// to end with the last one.
/// </summary>
public sealed class AudioEncoder(IMediaToolRunner runner)
{
    public async Task<AudioResult> EncodeAsync(string sourcePath, JobLayout layout, TranscodePlan plan, CancellationToken cancellationToken)
    {
        if (plan.Ladder.Audio is null || plan.Source.Audio is null)
        {
            throw new InvalidOperationException("The plan has no audio to encode.");
        }

        var playlistPath = Path.Combine(layout.AudioDirectory, JobLayout.EncodedAudioPlaylistName);
        if (File.Exists(playlistPath))
        {
            return Summarise(layout.AudioDirectory, MediaPlaylist.Parse(await File.ReadAllTextAsync(playlistPath, cancellationToken)));
        }

        using var scratch = Scratch.Create(layout, "audio");
        var temp = scratch.Path;
        // Opening the file also probes the video stream, whose decoder may complain (a stream cut mid-GOP): only the
        // audio decoder's own errors, and decoding errors ffmpeg reports, say the audio is damaged.
        var audioDecoder = $"[{plan.Source.Audio.Codec} @";
        var errors = new ErrorLines();
        await runner.RunAsync(
            BuildArguments(Path.GetFullPath(sourcePath), plan, temp),
            line =>
            {
                if (line.StartsWith(audioDecoder, StringComparison.Ordinal) || line.StartsWith("Error while decoding stream", StringComparison.Ordinal))
                {
                    errors.Add(line);
                }
            },
            cancellationToken);
        if (errors.First is { } error)
        {
            throw new MediaProcessingException(new MediaFailure(MediaFailureCode.Damaged, $"The source's audio is damaged ({error})."));
        }

        var tempPlaylist = Path.Combine(temp, JobLayout.EncodedAudioPlaylistName);
        if (!File.Exists(tempPlaylist))
        {
            throw new MediaProcessingException(new MediaFailure(MediaFailureCode.ProcessingFailed, "Audio encoding produced no playlist."));
        }

        var playlist = MediaPlaylist.Parse(await File.ReadAllTextAsync(tempPlaylist, cancellationToken));
        Scratch.Publish(temp, layout.AudioDirectory, JobLayout.EncodedAudioPlaylistName);
        return Summarise(layout.AudioDirectory, playlist);
    }

    internal static IReadOnlyList<string> BuildArguments(string source, TranscodePlan plan, string outputDirectory)
    {
        var audio = plan.Ladder.Audio!;
        var track = plan.Source.Audio!;
        var duration = FFmpegArguments.Seconds(plan.Source.Duration);

        // ffmpeg counts input time from the container's start; shift so zero is the first video frame.
        var shift = plan.Source.ContainerStart - plan.Source.VideoStart;
        var args = new FFmpegArguments().Add("-threads", 1);
        if (shift != TimeSpan.Zero)
        {
            args.Add("-itsoffset", shift);
        }

        return args.Input(source)
            .Add("-map", $"0:{track.StreamIndex.ToString(CultureInfo.InvariantCulture)}")
            // Fill gaps and drop overlaps in the source audio, start at the first video frame, end with the last.
            .Add("-af", $"aresample=async=1:first_pts=0,apad=whole_dur={duration},atrim=end={duration}")
            .Add("-c:a", "aac")
            .Add("-b:a", $"{audio.BitrateKbps}k")
            .Add("-ac", audio.Channels)
            .Add("-ar", audio.SampleRate)
            .Add("-f", "hls")
            .Add("-hls_time", plan.TargetSegmentDuration)
            .Add("-hls_playlist_type", "vod")
            .Add("-hls_segment_type", "fmp4")
            // The first sample at zero, like the first video frame: the encoder's priming frame sits before it, where
            // the init segment's edit list trims it, instead of pushing the track later.
            .Add("-avoid_negative_ts", "disabled")
            .Add("-hls_fmp4_init_filename", JobLayout.SharedInitName)
            .Add("-hls_segment_filename", Path.Combine(outputDirectory, "seg_%05d.m4s"))
            .Output(Path.Combine(outputDirectory, JobLayout.EncodedAudioPlaylistName))
            .Build();
    }

    private static AudioResult Summarise(string directory, MediaPlaylist playlist)
        => new(
            playlist.Segments.Count,
            playlist.Segments.Sum(s => new FileInfo(Path.Combine(directory, s.Uri)).Length),
            playlist.Duration);
}
