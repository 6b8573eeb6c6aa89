using System.Buffers.Text;
using System.Text.Json;
using Netflix.Core.Errors;
using Netflix.Core.Videos;

namespace Netflix.Azure.Catalog;

/// <summary>
/// The opaque next-page token of the video list: Cosmos DB's continuation with the status and uploader filters it
/// belongs to, URL-safe, so a token is never replayed against another query.
/// </summary>
internal static class ListToken
{
    public static string Encode(string continuation, VideoStatus? status, string? uploadedBy = null)
        => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(status?.ToString() ?? string.Empty, continuation, uploadedBy)));

    /// <summary>The continuation inside <paramref name="next"/>, or null for the first page.</summary>
    public static string? Decode(string? next, VideoStatus? status, string? uploadedBy = null)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        try
        {
            var token = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(next));
            if (token is { C.Length: > 0 } && token.S == (status?.ToString() ?? string.Empty) && token.U == uploadedBy)
            {
                return token.C;
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }

        throw Invalid();
    }

    public static AppException Invalid() => AppException.Invalid("list-token-invalid", "The next-page token is not valid.");

    /// <param name="S">The status filter, empty for none.</param>
    /// <param name="C">Cosmos DB's continuation token.</param>
    /// <param name="U">The uploader filter, null for none.</param>
    private sealed record Token(string S, string C, string? U = null);
}
