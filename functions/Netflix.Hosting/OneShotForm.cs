using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Netflix.Core.Errors;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Hosting;

/// <summary>
/// The seed's one-shot upload form (title, description, tags, rating, then the file as "data"), read as a stream:
/// the fields first, then the file part goes straight to storage. Shared by both hosts, so both accept exactly the
/// same form. A body that is not a well-formed form (no parts, a part or field cut off, a malformed part header) is
/// refused as upload-form-invalid, and nothing of it is kept.
/// </summary>
public static class OneShotForm
{
    private const int MaxFieldLength = 10_000;

    /// <summary>Reads the form's fields, then streams the file part straight to storage; fields must come before the file.</summary>
    public static async Task<Video> UploadAsync(HttpRequest request, string userId, UploadService service, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new AppException(ErrorKind.UnsupportedMediaType, "request-unsupported-media-type", "Send the one-shot upload as multipart/form-data.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        while (await FormRead(() => reader.ReadNextSectionAsync(ct), ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (name.Equals("data", StringComparison.OrdinalIgnoreCase) || disposition.IsFileDisposition())
            {
                var metadata = new VideoMetadata(
                    First(fields, "title"),
                    First(fields, "summary") ?? First(fields, "description"),
                    fields.GetValueOrDefault("tags")?.SelectMany(t => t.Split(',')).ToList(),
                    First(fields, "rating"));
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                await using var data = new FormPartStream(section.Body, ct);
                return await service.UploadWholeAsync(userId, metadata, fileName, data, ct);
            }

            if (fields.Count > 32 || fields.Sum(f => f.Value.Count) > 64)
            {
                throw AppException.Invalid("upload-form-invalid", "The form has too many fields.");
            }

            var value = await FormRead(() => ReadFieldAsync(section.Body, ct), ct)
                ?? throw AppException.Invalid("upload-form-invalid", $"Form field '{ClientText.Printable(name)}' is too long.");

            if (!fields.TryGetValue(name, out var values))
            {
                fields[name] = values = [];
            }

            values.Add(value);
        }

        throw AppException.Invalid("upload-data-missing", "The form has no 'data' file part (it must come after the other fields).");
    }

    /// <summary>
    /// The multipart reader's own complaints about the body (it ends before the closing boundary, a part header is
    /// malformed or too long) as the client's error. The request's own failures keep their meaning: a body over the
    /// limit or cut off by the connection (BadHttpRequestException), a client gone away (cancelled).
    /// </summary>
    internal static bool IsBrokenForm(Exception exception, CancellationToken ct)
        => !ct.IsCancellationRequested && exception is InvalidDataException or IOException and not BadHttpRequestException;

    internal static AppException Broken()
        => AppException.Invalid("upload-form-invalid", "The body is not a complete multipart/form-data form: a part is cut off, malformed, or the closing boundary is missing.");

    /// <summary>A field's text, or null past <see cref="MaxFieldLength"/> characters: a long field is never held whole.</summary>
    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, leaveOpen: true);
        var text = new System.Text.StringBuilder();
        var buffer = new char[4096];
        while (await reader.ReadAsync(buffer, ct) is var read and > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxFieldLength)
            {
                return null;
            }
        }

        return text.ToString();
    }

    private static async Task<T> FormRead<T>(Func<Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (IsBrokenForm(e, ct))
        {
            throw Broken();
        }
    }

    private static string? First(Dictionary<string, List<string>> fields, string name)
        => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
