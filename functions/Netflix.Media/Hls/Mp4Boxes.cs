using System.Buffers.Binary;

namespace Netflix.Media.Hls;

/// <summary>An ISO BMFF box: its four-character type and where its payload (after the header) lies.</summary>
public readonly record struct Mp4Box(string Type, int Start, int Length);

/// <summary>Walks ISO BMFF (MP4) boxes.</summary>
public static class Mp4Boxes
{
    public static Mp4Box? Find(ReadOnlySpan<byte> data, Mp4Box parent, params string[] path)
    {
        var current = parent;
        foreach (var type in path)
        {
            Mp4Box? next = null;
            foreach (var child in List(data, current.Start, current.Length))
            {
                if (child.Type == type)
                {
                    next = child;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next.Value;
        }

        return current;
    }

    public static List<Mp4Box> Children(ReadOnlySpan<byte> data, string type)
    {
        foreach (var box in List(data, 0, data.Length))
        {
            if (box.Type == type)
            {
                return List(data, box.Start, box.Length);
            }
        }

        return [];
    }

    /// <summary>The boxes laid end to end in data[start..start+length]; each box's payload excludes its header.</summary>
    public static List<Mp4Box> List(ReadOnlySpan<byte> data, int start, int length)
    {
        var boxes = new List<Mp4Box>();
        var position = start;
        var end = Math.Min(data.Length, start + Math.Max(0, length));
        while (position + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            var type = System.Text.Encoding.ASCII.GetString(data.Slice(position + 4, 4));
            var header = 8;
            if (size == 1 && position + 16 <= end)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data[(position + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }

            if (size < header || position + size > end)
            {
                break;
            }

            boxes.Add(new Mp4Box(type, position + header, (int)size - header));
            position += (int)size;
        }

        return boxes;
    }

    /// <summary>
    /// Reads a file's top-level boxes without loading media data and returns the moov box (whole, header included),
    /// or null when there is none.
    /// </summary>
    public static byte[]? ReadMoov(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        while (stream.Position + 8 <= stream.Length)
        {
            var start = stream.Position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header.Slice(4, 4));
            if (size == 1)
            {
                stream.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            }
            else if (size == 0)
            {
                size = stream.Length - start;
            }

            if (size < 8 || start + size > stream.Length)
            {
                return null;
            }

            if (type == "moov")
            {
                var moov = new byte[size];
                stream.Position = start;
                stream.ReadExactly(moov);
                return moov;
            }

            stream.Position = start + size;
        }

        return null;
    }

    /// <summary>The number of samples (frames) in the first track of an MP4 file, from its sample size table.</summary>
    public static int? SampleCount(string path)
    {
        if (ReadMoov(path) is not { } moov)
        {
            return null;
        }

        var trak = Children(moov, "moov").FirstOrDefault(b => b.Type == "trak");
        if (trak.Type is null || Find(moov, trak, "mdia", "minf", "stbl", "stsz") is not { } stsz || stsz.Length < 12)
        {
            return null;
        }

        // stsz: version and flags, sample size, sample count.
        return (int)BinaryPrimitives.ReadUInt32BigEndian(moov.AsSpan(stsz.Start + 8, 4));
    }
}
