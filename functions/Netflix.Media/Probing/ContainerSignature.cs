namespace Netflix.Media.Probing;

/// <summary>
/// Recognises common media containers by their first bytes, to tell a damaged or cut-off video
/// ("it is an MP4, but unreadable") from a file that is not media at all.
/// </summary>
internal static class ContainerSignature
{
    public static string? Detect(string path)
    {
        Span<byte> head = stackalloc byte[400];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return Detect(head[..read]);
    }

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8 && IsAscii(head[4..8], "ftyp", "moov", "mdat", "free", "wide", "skip"))
        {
            return "MP4/QuickTime";
        }

        if (head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3)
        {
            return "Matroska/WebM";
        }

        if (head.Length >= 377 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47)
        {
            return "MPEG-TS";
        }

        if (head.Length >= 12 && IsAscii(head[..4], "RIFF") && IsAscii(head[8..12], "AVI "))
        {
            return "AVI";
        }

        if (head.Length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0xBA)
        {
            return "MPEG-PS";
        }

        if (head.Length >= 4 && (IsAscii(head[..4], "OggS") || IsAscii(head[..3], "FLV")))
        {
            return head[0] == (byte)'O' ? "Ogg" : "FLV";
        }

        if (head.Length >= 4 && head[0] == 0x30 && head[1] == 0x26 && head[2] == 0xB2 && head[3] == 0x75)
        {
            return "ASF/WMV";
        }

        return null;
    }

    private static bool IsAscii(ReadOnlySpan<byte> bytes, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (bytes.Length >= candidate.Length && System.Text.Encoding.ASCII.GetString(bytes[..candidate.Length]) == candidate)
            {
                return true;
            }
        }

        return false;
    }
}
