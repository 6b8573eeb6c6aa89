namespace Netflix.Core.Uploads;

/// <summary>Reads the SHA-256 digest a client sends with a chunk in the RFC 9530 header <c>Content-Digest: sha-256=:BASE64:</c>.</summary>
public static class ContentDigest
{
    public static byte[]? ParseSha256(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        foreach (var member in header.Split(','))
        {
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !member[..equals].Trim().Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = member[(equals + 1)..].Trim();
            if (value.Length < 2 || value[0] != ':' || value[^1] != ':')
            {
                return null;
            }

            try
            {
                var digest = Convert.FromBase64String(value[1..^1]);
                return digest.Length == 32 ? digest : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    public static string Format(ReadOnlySpan<byte> sha256) => $"sha-256=:{Convert.ToBase64String(sha256)}:";
}

/// <summary>A chunk is raw bytes: sent as application/octet-stream or with no content type at all.</summary>
public static class ChunkContent
{
    public static void RequireRawBytes(string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(type) && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new Errors.AppException(
                Errors.ErrorKind.UnsupportedMediaType, "request-unsupported-media-type", "Send each chunk's raw bytes as application/octet-stream.");
        }
    }
}
