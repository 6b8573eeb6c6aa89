using System.Globalization;
using System.Text.Json;
using Netflix.Core.Media;

namespace Netflix.Media.Probing;

/// <summary>The parts of ffprobe's <c>-show_format -show_streams -show_error</c> JSON the platform uses.</summary>
internal sealed record FFprobeDocument
{
    public string? ErrorMessage { get; init; }

    public string FormatName { get; init; } = string.Empty;

    public TimeSpan? Duration { get; init; }

    public TimeSpan StartTime { get; init; }

    public long? Size { get; init; }

    public long? BitRate { get; init; }

    public IReadOnlyList<ProbedStream> Streams { get; init; } = [];

    public static FFprobeDocument Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new FFprobeDocument { ErrorMessage = "ffprobe produced no output" };
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return new FFprobeDocument { ErrorMessage = String(error, "string") ?? "unknown error" };
        }

        var streams = new List<ProbedStream>();
        if (root.TryGetProperty("streams", out var streamArray) && streamArray.ValueKind == JsonValueKind.Array)
        {
            streams.AddRange(streamArray.EnumerateArray().Select(ProbedStream.Parse));
        }

        var format = root.TryGetProperty("format", out var f) ? f : default;
        return new FFprobeDocument
        {
            FormatName = format.ValueKind == JsonValueKind.Object ? String(format, "format_name") ?? string.Empty : string.Empty,
            Duration = format.ValueKind == JsonValueKind.Object ? Seconds(format, "duration") : null,
            StartTime = (format.ValueKind == JsonValueKind.Object ? Seconds(format, "start_time") : null) ?? TimeSpan.Zero,
            Size = format.ValueKind == JsonValueKind.Object ? Long(format, "size") : null,
            BitRate = format.ValueKind == JsonValueKind.Object ? Long(format, "bit_rate") : null,
            Streams = streams,
        };
    }

    internal static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static long? Long(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    internal static TimeSpan? Seconds(JsonElement element, string name)
    {
        var text = String(element, name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}

internal sealed record ProbedStream
{
    public int Index { get; init; }

    public string CodecType { get; init; } = string.Empty;

    public string CodecName { get; init; } = string.Empty;

    public string? Profile { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public Rational SampleAspectRatio { get; init; }

    public Rational FrameRate { get; init; }

    public Rational AverageFrameRate { get; init; }

    public Rational TimeBase { get; init; }

    public string? PixelFormat { get; init; }

    public string? FieldOrder { get; init; }

    public long? BitRate { get; init; }

    public TimeSpan? StartTime { get; init; }

    public TimeSpan? Duration { get; init; }

    public int Channels { get; init; }

    public string? ChannelLayout { get; init; }

    public int SampleRate { get; init; }

    public string? Language { get; init; }

    public bool IsDefault { get; init; }

    /// <summary>A cover image stored as a one-frame "video" stream (music files, some phone exports).</summary>
    public bool IsAttachedPicture { get; init; }

    /// <summary>Clockwise degrees, normalised to 0, 90, 180 or 270.</summary>
    public int Rotation { get; init; }

    public bool IsInterlaced => FieldOrder is "tt" or "bb" or "tb" or "bt";

    public static ProbedStream Parse(JsonElement stream)
    {
        var disposition = stream.TryGetProperty("disposition", out var d) ? d : default;
        var tags = stream.TryGetProperty("tags", out var t) ? t : default;
        return new ProbedStream
        {
            Index = (int)(FFprobeDocument.Long(stream, "index") ?? 0),
            CodecType = FFprobeDocument.String(stream, "codec_type") ?? string.Empty,
            CodecName = FFprobeDocument.String(stream, "codec_name") ?? string.Empty,
            Profile = FFprobeDocument.String(stream, "profile"),
            Width = (int)(FFprobeDocument.Long(stream, "width") ?? 0),
            Height = (int)(FFprobeDocument.Long(stream, "height") ?? 0),
            SampleAspectRatio = Rational.Parse(FFprobeDocument.String(stream, "sample_aspect_ratio")),
            FrameRate = Rational.Parse(FFprobeDocument.String(stream, "r_frame_rate")),
            AverageFrameRate = Rational.Parse(FFprobeDocument.String(stream, "avg_frame_rate")),
            TimeBase = Rational.Parse(FFprobeDocument.String(stream, "time_base")),
            PixelFormat = FFprobeDocument.String(stream, "pix_fmt"),
            FieldOrder = FFprobeDocument.String(stream, "field_order"),
            BitRate = FFprobeDocument.Long(stream, "bit_rate"),
            StartTime = FFprobeDocument.Seconds(stream, "start_time"),
            Duration = FFprobeDocument.Seconds(stream, "duration"),
            Channels = (int)(FFprobeDocument.Long(stream, "channels") ?? 0),
            ChannelLayout = FFprobeDocument.String(stream, "channel_layout"),
            SampleRate = (int)(FFprobeDocument.Long(stream, "sample_rate") ?? 0),
            Language = tags.ValueKind == JsonValueKind.Object ? FFprobeDocument.String(tags, "language") : null,
            IsDefault = disposition.ValueKind == JsonValueKind.Object && FFprobeDocument.Long(disposition, "default") == 1,
            IsAttachedPicture = disposition.ValueKind == JsonValueKind.Object && FFprobeDocument.Long(disposition, "attached_pic") == 1,
            Rotation = ReadRotation(stream, tags),
        };
    }

    private static int ReadRotation(JsonElement stream, JsonElement tags)
    {
        // The display matrix gives counter-clockwise degrees (-90 for a phone held upright); the old "rotate" tag clockwise.
        double? clockwise = null;
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var rotation) && rotation.ValueKind == JsonValueKind.Number)
                {
                    clockwise = -rotation.GetDouble();
                }
            }
        }

        if (clockwise is null && tags.ValueKind == JsonValueKind.Object
            && double.TryParse(FFprobeDocument.String(tags, "rotate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var tagged))
        {
            clockwise = tagged;
        }

        if (clockwise is not { } degrees)
        {
            return 0;
        }

        var quarterTurns = (int)Math.Round(degrees / 90.0);
        return ((quarterTurns % 4) + 4) % 4 * 90;
    }
}
