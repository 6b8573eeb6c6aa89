using System.Globalization;
using System.Text;

namespace Netflix.Media.Hls;

public sealed record VariantStream(
    string Uri,
    long Bandwidth,
    long AverageBandwidth,
    string Codecs,
    int Width,
    int Height,
    double FrameRate,
    string? AudioGroup);

public sealed record AudioMedia(string GroupId, string Name, string Uri, string? Language, int Channels, bool IsDefault);

/// <summary>An HLS multivariant ("master") playlist: one entry per rendition and the audio group they share.</summary>
public sealed record MasterPlaylist(IReadOnlyList<VariantStream> Variants, IReadOnlyList<AudioMedia> Audio)
{
    /// <summary>A BCP 47 language tag such as "en" or "pt-BR"; anything else (from a file's metadata) is left out.</summary>
    public static string? SafeLanguage(string? tag)
        => tag is { Length: >= 2 and <= 35 } && tag.Split('-') is [var primary, .. var rest]
            && primary.Length is 2 or 3 && primary.All(char.IsAsciiLetter)
            && rest.All(part => part.Length is >= 1 and <= 8 && part.All(char.IsAsciiLetterOrDigit))
            && !tag.Equals("und", StringComparison.OrdinalIgnoreCase)
            ? tag
            : null;

    public string Write()
    {
        foreach (var value in Audio.SelectMany(a => new[] { a.GroupId, a.Name, a.Uri, a.Language ?? string.Empty })
            .Concat(Variants.SelectMany(v => new[] { v.Uri, v.Codecs, v.AudioGroup ?? string.Empty })))
        {
            // A quoted attribute or URI line must not be able to end itself or start a new tag (RFC 8216 section 4.2).
            if (value.Any(c => char.IsControl(c) || c == '"'))
            {
                throw new ArgumentException($"'{value}' cannot be written into a playlist.", nameof(Audio));
            }
        }

        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var audio in Audio)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"{audio.GroupId}\",NAME=\"{audio.Name}\"");
            if (!string.IsNullOrEmpty(audio.Language))
            {
                text.Append(CultureInfo.InvariantCulture, $",LANGUAGE=\"{audio.Language}\"");
            }

            var isDefault = audio.IsDefault ? "YES" : "NO";
            text.Append(CultureInfo.InvariantCulture, $",DEFAULT={isDefault},AUTOSELECT=YES,CHANNELS=\"{audio.Channels}\",URI=\"{audio.Uri}\"\n");
        }

        foreach (var variant in Variants)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={variant.Bandwidth},AVERAGE-BANDWIDTH={variant.AverageBandwidth}");
            text.Append(CultureInfo.InvariantCulture, $",CODECS=\"{variant.Codecs}\",RESOLUTION={variant.Width}x{variant.Height},FRAME-RATE={variant.FrameRate:0.000}");
            if (variant.AudioGroup is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $",AUDIO=\"{variant.AudioGroup}\"");
            }

            text.Append('\n').Append(variant.Uri).Append('\n');
        }

        return text.ToString();
    }

    public static MasterPlaylist Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != "#EXTM3U")
        {
            throw new FormatException("Not an HLS playlist: the first line is not #EXTM3U.");
        }

        var variants = new List<VariantStream>();
        var audio = new List<AudioMedia>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal))
            {
                var a = AttributeList.Parse(lines[i]["#EXT-X-MEDIA:".Length..]);
                if (a.GetValueOrDefault("TYPE") == "AUDIO")
                {
                    audio.Add(new AudioMedia(
                        a.GetValueOrDefault("GROUP-ID") ?? string.Empty,
                        a.GetValueOrDefault("NAME") ?? string.Empty,
                        a.GetValueOrDefault("URI") ?? string.Empty,
                        a.GetValueOrDefault("LANGUAGE"),
                        int.TryParse(a.GetValueOrDefault("CHANNELS"), CultureInfo.InvariantCulture, out var channels) ? channels : 0,
                        a.GetValueOrDefault("DEFAULT") == "YES"));
                }
            }
            else if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal) && i + 1 < lines.Count)
            {
                var a = AttributeList.Parse(lines[i]["#EXT-X-STREAM-INF:".Length..]);
                var resolution = (a.GetValueOrDefault("RESOLUTION") ?? "0x0").Split('x');
                variants.Add(new VariantStream(
                    lines[++i],
                    long.Parse(a.GetValueOrDefault("BANDWIDTH") ?? throw new FormatException("Variant without BANDWIDTH."), CultureInfo.InvariantCulture),
                    long.TryParse(a.GetValueOrDefault("AVERAGE-BANDWIDTH"), CultureInfo.InvariantCulture, out var average) ? average : 0,
                    a.GetValueOrDefault("CODECS") ?? string.Empty,
                    int.Parse(resolution[0], CultureInfo.InvariantCulture),
                    int.Parse(resolution.Length > 1 ? resolution[1] : "0", CultureInfo.InvariantCulture),
                    double.TryParse(a.GetValueOrDefault("FRAME-RATE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var fps) ? fps : 0,
                    a.GetValueOrDefault("AUDIO")));
            }
        }

        return new MasterPlaylist(variants, audio);
    }
}
