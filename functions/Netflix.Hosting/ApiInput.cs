using System.Globalization;
using Microsoft.AspNetCore.Http;
using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Videos;
using Netflix.Hosting.Api;

namespace Netflix.Hosting;

/// <summary>The API's query values, read the same way on both hosts: a bad one is refused with its code, never ignored.</summary>
public static class ApiInput
{
    public static int? WholeNumber(string? text, string code)
        => string.IsNullOrEmpty(text)
            ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw AppException.Invalid(code, $"'{ClientText.Printable(text)}' is not a whole number.");

    public static VideoStatus? Status(string? text)
        => string.IsNullOrEmpty(text)
            ? null
            : Enum.TryParse<VideoStatus>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw AppException.Invalid("list-status-invalid", "Status must be uploading, uploaded, processing, ready or failed.");

    /// <summary>The uploader a list is narrowed to: "me" for the caller, or a user's id; absent for everyone's.</summary>
    public static string? UploadedBy(string? text, Caller caller)
        => text switch
        {
            null => null,
            "me" => caller.Id,
            { Length: > 0 and <= 255 } when !text.Any(char.IsControl) => text,
            _ => throw AppException.Invalid("list-uploaded-by-invalid", "uploadedBy must be 'me' or a user's id."),
        };

    /// <summary>A stream's start offset in seconds.</summary>
    public static double? Offset(string? text)
        => string.IsNullOrEmpty(text)
            ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw AppException.Invalid("stream-offset-invalid", "The offset must be a number of seconds.");

    public static bool Flag(string? text) => text is "true" or "1";

    /// <summary>
    /// A JSON body: refused as request-unsupported-media-type unless it is sent as JSON, request-malformed when it does
    /// not parse into <typeparamref name="T"/>, and request-body-missing when it is the literal null.
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw ApiRefusals.NotJson();
        }

        RequireKnownCharset(request.ContentType);
        return await request.ReadFromJsonAsync<T>(cancellationToken) ?? throw ApiRefusals.BodyMissing();
    }

    /// <summary>A JSON body a route may go without: none when the request has no body, else as <see cref="ReadJsonAsync{T}"/>.</summary>
    public static async Task<T?> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
        => request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType))
            ? null
            : await ReadJsonAsync<T>(request, cancellationToken);

    /// <summary>A charset the JSON reader cannot decode is the client's mistake, refused like any other unreadable type.</summary>
    private static void RequireKnownCharset(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) || type.Charset.Length == 0
            || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        try
        {
            _ = System.Text.Encoding.GetEncoding(type.Charset.ToString());
        }
        catch (ArgumentException)
        {
            throw ApiRefusals.UnknownCharset();
        }
    }

    /// <summary>Every query value as a pair, repeated names included, for checking a signed URL.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Pairs(IQueryCollection query)
        => query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));

    /// <summary>Makes a host-relative URL absolute for the current request's scheme and host.</summary>
    public static string Absolute(this HttpRequest request, string url)
        => url.StartsWith('/') ? $"{request.Scheme}://{request.Host}{url}" : url;

    /// <summary>A stream link with every URL in it absolute for this request.</summary>
    public static PlaybackLink Absolute(this HttpRequest request, PlaybackLink link) => link with
    {
        Url = request.Absolute(link.Url),
        PosterUrl = link.PosterUrl is { } poster ? request.Absolute(poster) : null,
        StoryboardUrl = link.StoryboardUrl is { } storyboard ? request.Absolute(storyboard) : null,
    };
}

/// <summary>Signed poster links for API responses.</summary>
public sealed class PosterLinks(IPlaybackSigner signer, PlaybackOptions options, TimeProvider time)
{
    public string? For(Video video, HttpRequest request)
        => video.HasThumbnails ? Poster(video.Id, request) : null;

    public string Poster(string videoId, HttpRequest request)
        => request.Absolute(signer.Sign($"{videoId}/thumbs/poster.jpg", time.GetUtcNow() + options.LinkLifetime));

    public VideoResponse Response(Video video, HttpRequest request) => VideoResponse.From(video, For(video, request));
}
