using System.Globalization;

namespace Netflix.Media.Hls;

/// <summary>
/// Reads RFC 6381 codec strings ("avc1.640028", "mp4a.40.2") from an fMP4 init segment's sample descriptions,
/// so the master playlist's CODECS attribute states exactly what the encoder produced.
/// </summary>
public static class Mp4Codecs
{
    private const int VisualSampleEntryHeader = 78;
    private const int AudioSampleEntryHeader = 28;

    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> init)
    {
        var codecs = new List<string>();
        foreach (var trak in Mp4Boxes.Children(init, "moov").Where(b => b.Type == "trak"))
        {
            var stsd = Mp4Boxes.Find(init, trak, "mdia", "minf", "stbl", "stsd");
            if (stsd is not { } description || description.Length < 8)
            {
                continue;
            }

            // stsd is a full box: version and flags, then the entry count, then the sample entries.
            var entries = init.Slice(description.Start + 8, description.Length - 8);
            foreach (var entry in Mp4Boxes.List(entries, 0, entries.Length))
            {
                if (Describe(entries, entry) is { } codec)
                {
                    codecs.Add(codec);
                }
            }
        }

        return codecs;
    }

    private static string? Describe(ReadOnlySpan<byte> data, Mp4Box entry)
    {
        switch (entry.Type)
        {
            case "avc1" or "avc3":
                foreach (var child in Mp4Boxes.List(data, entry.Start + VisualSampleEntryHeader, entry.Length - VisualSampleEntryHeader))
                {
                    if (child.Type == "avcC" && child.Length >= 4)
                    {
                        var c = data.Slice(child.Start, 4);
                        return string.Create(CultureInfo.InvariantCulture, $"{entry.Type}.{c[1]:X2}{c[2]:X2}{c[3]:X2}").ToLowerInvariant();
                    }
                }

                return entry.Type;
            case "mp4a":
                foreach (var child in Mp4Boxes.List(data, entry.Start + AudioSampleEntryHeader, entry.Length - AudioSampleEntryHeader))
                {
                    if (child.Type == "esds" && AudioObjectType(data.Slice(child.Start, child.Length)) is { } aot)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{aot}");
                    }
                }

                return "mp4a.40.2";
            default:
                return null;
        }
    }

    /// <summary>Walks the esds descriptors to the decoder-specific info, whose first five bits are the object type.</summary>
    private static int? AudioObjectType(ReadOnlySpan<byte> esds)
    {
        var i = 4; // version and flags
        while (i < esds.Length)
        {
            var tag = esds[i++];
            var size = 0;
            for (var n = 0; n < 4 && i < esds.Length; n++)
            {
                var b = esds[i++];
                size = (size << 7) | (b & 0x7F);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            switch (tag)
            {
                case 0x03: // ES descriptor: ES_ID, flags, then nested descriptors
                    var flags = i + 2 < esds.Length ? esds[i + 2] : (byte)0;
                    i += 3;
                    if ((flags & 0x80) != 0)
                    {
                        i += 2;
                    }

                    if ((flags & 0x40) != 0 && i < esds.Length)
                    {
                        i += 1 + esds[i];
                    }

                    if ((flags & 0x20) != 0)
                    {
                        i += 2;
                    }

                    break;
                case 0x04: // decoder config: 13 bytes of fields, then the decoder-specific info
                    i += 13;
                    break;
                case 0x05:
                    return i < esds.Length ? esds[i] >> 3 : null;
                default:
                    i += size;
                    break;
            }
        }

        return null;
    }
}
