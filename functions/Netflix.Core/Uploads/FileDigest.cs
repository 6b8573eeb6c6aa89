using Netflix.Core.Errors;

namespace Netflix.Core.Uploads;

/// <summary>The whole file's SHA-256 a client may declare for an upload: 64 hex digits, kept in lower case.</summary>
public static class FileDigest
{
    /// <summary>The digest in lower-case hex, null when none was given; anything but 64 hex digits is refused.</summary>
    public static string? Parse(string? hex)
    {
        if (hex is null)
        {
            return null;
        }

        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw AppException.Invalid("upload-sha256-invalid", "'sha256' must be the file's SHA-256 as 64 hexadecimal digits.");
        }

        return hex.ToLowerInvariant();
    }

    public static AppException Mismatch(string declared, string actual)
        => AppException.Conflict(
            "upload-file-checksum-mismatch",
            $"The chunks received join into a file whose SHA-256 is {actual}, not the {declared} declared. Nothing was committed or discarded and the "
            + "upload stays open: if your file's SHA-256 is the one above, complete again with it as 'sha256'; otherwise chunks from another file "
            + "were sent, and as received chunks are final, abort this upload and start a new one.");
}
