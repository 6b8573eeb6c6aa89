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
/// same form.
/// </summary>
public static class OneShotForm
{
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
        while (await reader.ReadNextSectionAsync(ct) is { } section)
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
                return await service.UploadWholeAsync(userId, metadata, fileName, section.Body, ct);
            }

            if (fields.Count > 32 || fields.Sum(f => f.Value.Count) > 64)
            {
                throw AppException.Invalid("upload-form-invalid", "The form has too many fields.");
            }

            var value = await new StreamReader(section.Body).ReadToEndAsync(ct);
            if (value.Length > 10_000)
            {
                throw AppException.Invalid("upload-form-invalid", $"Form field '{ClientText.Printable(name)}' is too long.");
            }

            if (!fields.TryGetValue(name, out var values))
            {
                fields[name] = values = [];
            }

            values.Add(value);
        }

        throw AppException.Invalid("upload-data-missing", "The form has no 'data' file part (it must come after the other fields).");
    }

    private static string? First(Dictionary<string, List<string>> fields, string name)
        => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
