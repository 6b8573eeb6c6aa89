using System.Security.Cryptography;
using Netflix.Core.Media;

namespace Netflix.Media.Hls;

/// <summary>
/// Joins the chunk tasks' segments into one media playlist per rendition plus the master playlist. Works on a
/// prefix of finished chunks too: the playlists are then EVENT playlists without an end tag, so a title plays
/// while its later chunks are still being transcoded. Later publishes append (RFC 8216 section 6.2.1), the target
/// duration fixed by the plan; the final one closes every playlist as VOD with EXT-X-ENDLIST.
/// </summary>
public static class HlsStitcher
{
    private const string AudioGroup = "audio";

    public static async Task<StitchResult> StitchAsync(JobLayout layout, TranscodePlan plan, ChunkPlan chunks, int readyChunks, CancellationToken cancellationToken)
    {
        var totalChunks = chunks.Chunks.Count;
        var longestSegment = ChunkSummary.Of(chunks).LongestSegment;
        if (readyChunks < 1 || readyChunks > totalChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(readyChunks), readyChunks, $"Between 1 and {totalChunks} chunks can be stitched.");
        }

        var complete = readyChunks == totalChunks;

        // A segment can run a frame past its planned length, where its forced keyframe lands.
        var target = (int)Math.Round((longestSegment + plan.Source.MaxFrameDuration).TotalSeconds, MidpointRounding.AwayFromZero);
        var variants = new List<(VideoRendition Rendition, MediaPlaylist Playlist)>();
        foreach (var rendition in plan.Ladder.Video)
        {
            var directory = layout.RenditionDirectory(rendition.Name);
            var segments = await JoinChunksAsync(directory, chunks.Chunks.Take(readyChunks).ToList(), cancellationToken);
            var playlist = await PublishAsync(layout.MediaPlaylist(rendition.Name), segments, complete, target, cancellationToken);
            variants.Add((rendition, playlist));
        }

        var videoDuration = variants[0].Playlist.Duration;
        MediaPlaylist? audio = null;
        if (plan.Ladder.Audio is not null)
        {
            audio = await PublishAudioAsync(layout, videoDuration, complete, target, cancellationToken);
        }

        var master = BuildMaster(layout, plan, variants, audio);
        await AtomicFile.WriteAllTextAsync(layout.MasterPlaylist, master.Write(), cancellationToken);
        return new StitchResult(readyChunks, totalChunks, videoDuration);
    }

    /// <summary>
    /// Chunks whose init segments are byte-identical (the usual case: same encoder settings, same stream
    /// parameters) share one EXT-X-MAP; a chunk that differs brings its own.
    /// </summary>
    private static async Task<List<MediaSegment>> JoinChunksAsync(string directory, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken)
    {
        var segments = new List<MediaSegment>();
        byte[]? sharedHash = null;
        var sharedPath = Path.Combine(directory, JobLayout.SharedInitName);
        foreach (var spec in chunks)
        {
            var chunk = spec.Index;
            var playlistPath = Path.Combine(directory, JobLayout.ChunkPlaylistName(chunk));
            if (!File.Exists(playlistPath))
            {
                throw new MediaProcessingException(new MediaFailure(
                    MediaFailureCode.ProcessingFailed, $"Chunk {chunk} of {Path.GetFileName(directory)} is not ready to stitch."));
            }

            var chunkPlaylist = MediaPlaylist.Parse(await File.ReadAllTextAsync(playlistPath, cancellationToken));
            var initName = JobLayout.ChunkInitName(chunk);
            var hash = SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(directory, initName), cancellationToken));
            if (chunk == 0)
            {
                sharedHash = hash;
                if (!File.Exists(sharedPath) || !SHA256.HashData(await File.ReadAllBytesAsync(sharedPath, cancellationToken)).SequenceEqual(hash))
                {
                    File.Copy(Path.Combine(directory, initName), sharedPath, overwrite: true);
                }
            }

            var init = hash.SequenceEqual(sharedHash!) ? JobLayout.SharedInitName : initName;
            segments.AddRange(Timed(chunkPlaylist.Segments, spec.Duration).Select(s => s with { InitUri = init, Discontinuity = false }));
        }

        return segments;
    }

    /// <summary>
    /// A chunk's segments lasting exactly the chunk's frames. ffmpeg 5.1 times a chunk's last segment by counting frames
    /// at the nominal rate, which is wrong for a variable-rate source (one segment per chunk: 30 frames over 1.33 s
    /// came out as 1.0 s), so the last segment gets what the earlier ones leave of the chunk.
    /// </summary>
    internal static IEnumerable<MediaSegment> Timed(IReadOnlyList<MediaSegment> segments, TimeSpan chunkDuration)
    {
        var earlier = segments.Take(segments.Count - 1).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
        var last = chunkDuration - earlier;
        return last > TimeSpan.Zero ? [.. segments.Take(segments.Count - 1), segments[^1] with { Duration = last }] : segments;
    }

    /// <summary>
    /// Writes a media playlist: EVENT while the title is incomplete, VOD with an end tag once it is complete, however
    /// many publishes came before (a player holding the EVENT copy sees the same segments, then the end). Publishing
    /// never takes anything back: a stitch of fewer chunks than are already published (a workflow resumed after a
    /// crash replays its stitches in another order) leaves the playlist as it is.
    /// </summary>
    private static async Task<MediaPlaylist> PublishAsync(string path, List<MediaSegment> segments, bool complete, int target, CancellationToken cancellationToken)
    {
        var published = File.Exists(path) ? MediaPlaylist.Parse(await File.ReadAllTextAsync(path, cancellationToken)) : null;
        if (published is not null && (published.EndList || published.Segments.Count > segments.Count))
        {
            return published;
        }

        var playlist = MediaPlaylist.Create(segments, complete) with
        {
            TargetDuration = Math.Max(target, MediaPlaylist.TargetDurationFor(segments)),
        };
        await AtomicFile.WriteAllTextAsync(path, playlist.Write(), cancellationToken);
        return playlist;
    }

    /// <summary>The audio playlist covers as much as the video does so far, and all of it once the video is complete.</summary>
    private static async Task<MediaPlaylist> PublishAudioAsync(JobLayout layout, TimeSpan videoDuration, bool complete, int target, CancellationToken cancellationToken)
    {
        var encodedPath = Path.Combine(layout.AudioDirectory, JobLayout.EncodedAudioPlaylistName);
        if (!File.Exists(encodedPath))
        {
            throw new MediaProcessingException(new MediaFailure(MediaFailureCode.ProcessingFailed, "The audio is not encoded yet."));
        }

        var encoded = MediaPlaylist.Parse(await File.ReadAllTextAsync(encodedPath, cancellationToken));
        var segments = new List<MediaSegment>();
        var covered = TimeSpan.Zero;
        foreach (var segment in encoded.Segments)
        {
            if (!complete && covered >= videoDuration)
            {
                break;
            }

            segments.Add(segment with { InitUri = segment.InitUri ?? JobLayout.SharedInitName });
            covered += segment.Duration;
        }

        return await PublishAsync(Path.Combine(layout.AudioDirectory, JobLayout.MediaPlaylistName), segments, complete, target, cancellationToken);
    }

    private static MasterPlaylist BuildMaster(
        JobLayout layout,
        TranscodePlan plan,
        List<(VideoRendition Rendition, MediaPlaylist Playlist)> variants,
        MediaPlaylist? audio)
    {
        var (audioPeak, audioAverage, audioCodec) = audio is null
            ? (0L, 0L, null)
            : (PeakBitrate(layout.AudioDirectory, audio), AverageBitrate(layout.AudioDirectory, audio),
               ReadCodec(Path.Combine(layout.AudioDirectory, JobLayout.SharedInitName)));

        var frameRate = plan.Source.IsVariableFrameRate || !plan.Source.Video.FrameRate.IsValid
            ? plan.Source.AverageFrameRate
            : plan.Source.Video.FrameRate.ToDouble();

        var streams = variants.Select(v =>
        {
            var directory = layout.RenditionDirectory(v.Rendition.Name);
            var videoCodec = ReadCodec(Path.Combine(directory, JobLayout.SharedInitName)) ?? "avc1.640028";
            var codecs = audioCodec is null ? videoCodec : $"{videoCodec},{audioCodec}";
            return new VariantStream(
                $"{v.Rendition.Name}/{JobLayout.MediaPlaylistName}",
                PeakBitrate(directory, v.Playlist) + audioPeak,
                AverageBitrate(directory, v.Playlist) + audioAverage,
                codecs,
                v.Rendition.Width,
                v.Rendition.Height,
                frameRate,
                audio is null ? null : AudioGroup);
        }).ToList();

        var audioMedia = audio is null || plan.Ladder.Audio is null
            ? []
            : new List<AudioMedia>
            {
                new(
                    AudioGroup,
                    "Main",
                    $"{JobLayout.AudioName}/{JobLayout.MediaPlaylistName}",
                    MasterPlaylist.SafeLanguage(plan.Source.Audio?.Language),
                    plan.Ladder.Audio.Channels,
                    IsDefault: true),
            };

        return new MasterPlaylist(streams, audioMedia);
    }

    private static string? ReadCodec(string initPath)
        => File.Exists(initPath) && Mp4Codecs.Read(File.ReadAllBytes(initPath)) is [var codec, ..] ? codec : null;

    /// <summary>The highest bit rate of any single segment: what BANDWIDTH must cover.</summary>
    private static long PeakBitrate(string directory, MediaPlaylist playlist)
        => playlist.Segments
            .Where(s => s.Duration > TimeSpan.Zero)
            .Select(s => (long)Math.Ceiling(new FileInfo(Path.Combine(directory, s.Uri)).Length * 8 / s.Duration.TotalSeconds))
            .DefaultIfEmpty(0)
            .Max();

    private static long AverageBitrate(string directory, MediaPlaylist playlist)
    {
        var seconds = playlist.Duration.TotalSeconds;
        var bytes = playlist.Segments.Sum(s => new FileInfo(Path.Combine(directory, s.Uri)).Length);
        return seconds > 0 ? (long)Math.Ceiling(bytes * 8 / seconds) : 0;
    }
}
