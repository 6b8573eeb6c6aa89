using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Netflix.Core.Media;

namespace Netflix.Media;

public enum MediaRunnerKind
{
    /// <summary>Xabe.FFmpeg drives the tools (the default; see the README for its licence terms).</summary>
    Xabe,

    /// <summary>Plain child processes; no third-party wrapper involved.</summary>
    Process,
}

/// <summary>How sources are turned into streams. Bound from the "Media" configuration section.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Folder holding ffmpeg and ffprobe; empty means search PATH.</summary>
    public string? ToolsDirectory { get; set; }

    public MediaRunnerKind Runner { get; set; } = MediaRunnerKind.Xabe;

    /// <summary>
    /// Folder for the tools' own files while they run (each run's error output and progress report); empty means a
    /// folder under the system temp folder. The one-machine edition keeps it in its data folder.
    /// </summary>
    public string? ScratchDirectory { get; set; }

    public string EffectiveScratchDirectory => string.IsNullOrWhiteSpace(ScratchDirectory) ? Tools.ToolScratch.DefaultDirectory : Path.GetFullPath(ScratchDirectory);

    /// <summary>The ladder's rungs; empty means <see cref="DefaultLadder"/>.</summary>
    public List<LadderRung> Ladder { get; set; } = [];

    public TimeSpan SegmentDuration { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Target length of the chunks transcoded in parallel; cut at a keyframe near it.</summary>
    public TimeSpan ChunkDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Target length of the first chunk: short, so the title can be played soon after the upload.</summary>
    public TimeSpan FirstChunkDuration { get; set; } = TimeSpan.FromSeconds(4);

    public VideoEncoding Encoding { get; set; } = new();

    public AudioOptions Audio { get; set; } = new();

    public ThumbnailOptions Thumbnails { get; set; } = new();

    /// <summary>x264 CRF of the intermediate made when a source has too few keyframes to cut.</summary>
    public int MezzanineCrf { get; set; } = 12;

    /// <summary>A rung above the source is added at source size when the source is this much larger than the next rung down.</summary>
    public double CappedRungThreshold { get; set; } = 1.15;

    public static IReadOnlyList<LadderRung> DefaultLadder { get; } =
    [
        new() { Name = "1080p", Height = 1080, BitrateKbps = 5000 },
        new() { Name = "720p", Height = 720, BitrateKbps = 2800 },
        new() { Name = "480p", Height = 480, BitrateKbps = 1400 },
        new() { Name = "360p", Height = 360, BitrateKbps = 800 },
    ];

    public IReadOnlyList<LadderRung> EffectiveLadder => Ladder.Count > 0 ? Ladder : DefaultLadder;
}

/// <summary>One rung of the ladder as configured.</summary>
public sealed class LadderRung
{
    /// <summary>Used in output paths and playlists: letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The picture's short side: 720 means 1280x720 landscape or 720x1280 portrait.</summary>
    public int Height { get; set; }

    public int BitrateKbps { get; set; }

    /// <summary>Peak rate for the encoder's buffer model; defaults to 107% of the bitrate.</summary>
    public int? MaxRateKbps { get; set; }

    /// <summary>Buffer size for the encoder's buffer model; defaults to twice the bitrate.</summary>
    public int? BufferKbits { get; set; }
}

public sealed class AudioOptions
{
    public int BitrateKbps { get; set; } = 128;

    public int Channels { get; set; } = 2;

    public int SampleRate { get; set; } = 48_000;
}

public sealed class ThumbnailOptions
{
    public int PosterWidth { get; set; } = 1280;

    /// <summary>Where the poster is taken, as a fraction of the duration.</summary>
    public double PosterPosition { get; set; } = 0.1;

    public int TileWidth { get; set; } = 160;

    public int TileColumns { get; set; } = 10;

    public int TileRows { get; set; } = 10;

    /// <summary>Storyboard spacing is the duration over this many tiles, within the bounds below.</summary>
    public int TargetTiles { get; set; } = 100;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Rejects settings that would fail later, with a message naming the setting.</summary>
public sealed partial class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var errors = new List<string>();
        var rungs = options.EffectiveLadder;
        foreach (var rung in rungs)
        {
            if (!RungName().IsMatch(rung.Name))
            {
                errors.Add($"Media:Ladder rung name '{rung.Name}' must be 1-32 letters, digits, '-' or '_'.");
            }

            if (rung.Height is < 16 or > 4320)
            {
                errors.Add($"Media:Ladder rung '{rung.Name}' height must be between 16 and 4320.");
            }

            if (rung.BitrateKbps is < 50 or > 100_000)
            {
                errors.Add($"Media:Ladder rung '{rung.Name}' bitrate must be between 50 and 100000 kbps.");
            }

            if (rung.MaxRateKbps is { } max && max < rung.BitrateKbps)
            {
                errors.Add($"Media:Ladder rung '{rung.Name}' MaxRateKbps must not be below its bitrate.");
            }
        }

        if (rungs.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != rungs.Count)
        {
            errors.Add("Media:Ladder rung names must be unique.");
        }

        if (rungs.Any(r => string.Equals(r.Name, "audio", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("Media:Ladder rung name 'audio' is reserved.");
        }

        if (options.SegmentDuration < TimeSpan.FromSeconds(1) || options.SegmentDuration > TimeSpan.FromSeconds(30))
        {
            errors.Add("Media:SegmentDuration must be between 1 and 30 seconds.");
        }

        if (options.ChunkDuration < options.SegmentDuration)
        {
            errors.Add("Media:ChunkDuration must be at least one segment long.");
        }

        if (options.FirstChunkDuration < options.SegmentDuration || options.FirstChunkDuration > options.ChunkDuration)
        {
            errors.Add("Media:FirstChunkDuration must be between one segment and Media:ChunkDuration.");
        }

        if (options.Encoding.KeyframesPerSegment is < 1 or > 10)
        {
            errors.Add("Media:Encoding:KeyframesPerSegment must be between 1 and 10.");
        }

        if (options.Encoding.Threads is < 0 or > 64)
        {
            errors.Add("Media:Encoding:Threads must be between 0 (automatic) and 64.");
        }

        if (!Preset().IsMatch(options.Encoding.Preset) || !Preset().IsMatch(options.Encoding.Profile))
        {
            errors.Add("Media:Encoding:Preset and Profile must be plain x264 names (e.g. veryfast, high).");
        }

        if (options.Audio.BitrateKbps is < 32 or > 512 || options.Audio.Channels is < 1 or > 8 || options.Audio.SampleRate is < 8_000 or > 96_000)
        {
            errors.Add("Media:Audio must have a bitrate of 32-512 kbps, 1-8 channels and a sample rate of 8-96 kHz.");
        }

        if (options.MezzanineCrf is < 0 or > 30)
        {
            errors.Add("Media:MezzanineCrf must be between 0 and 30.");
        }

        var thumbs = options.Thumbnails;
        if (thumbs.PosterPosition is < 0 or > 1 || thumbs.TileColumns < 1 || thumbs.TileRows < 1 || thumbs.TileWidth < 16
            || thumbs.PosterWidth < 16 || thumbs.TargetTiles < 1 || thumbs.MinInterval <= TimeSpan.Zero || thumbs.MaxInterval < thumbs.MinInterval)
        {
            errors.Add("Media:Thumbnails has an out-of-range value.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}\\z")]
    private static partial Regex RungName();

    [GeneratedRegex("^[a-z0-9]{1,20}\\z")]
    private static partial Regex Preset();
}

/// <summary>Fails validation, with the toolchain's own message, when ffmpeg and ffprobe cannot be used.</summary>
public sealed class MediaToolchainValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        try
        {
            Tools.MediaToolchain.Locate(options.ToolsDirectory);
            return ValidateOptionsResult.Success;
        }
        catch (Tools.MediaToolchainException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
