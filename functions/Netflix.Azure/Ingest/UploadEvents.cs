using System.Text.Json;
using Netflix.Core.Ingest;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Azure.Ingest;

/// <summary>
/// Turns the BlobCreated event that Event Grid delivers (through the Service Bus queue) for a committed upload into
/// the ingest run to start. The run's instance id is fixed by the video and its attempt, so a duplicate event, or
/// the event arriving after the upload service already started the run, starts nothing twice.
/// </summary>
public sealed class UploadEvents(ICatalog catalog, string uploadsContainer = "uploads")
{
    /// <summary>The run to start, or null when the event is not about a committed source of a known video.</summary>
    public async Task<IngestRequest?> ToIngestRequestAsync(string eventJson, CancellationToken cancellationToken)
    {
        if (ParseSourceKey(eventJson, uploadsContainer) is not { } key)
        {
            return null;
        }

        var videoId = key.Split('/')[1];
        var video = await catalog.FindVideoAsync(videoId, cancellationToken);
        return video is { SourceKey: { } stored } && stored == key && video.Status is VideoStatus.Uploaded or VideoStatus.Processing
            ? new IngestRequest(video.Id, key, video.Attempt)
            : null;
    }

    /// <summary>
    /// The store key ("sources/{videoId}/original.ext") of a Microsoft.Storage.BlobCreated event in the uploads
    /// container, from an Event Grid or CloudEvents envelope (a single event or an array of one); null otherwise.
    /// </summary>
    public static string? ParseSourceKey(string eventJson, string uploadsContainer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventJson);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() != 1)
                {
                    return null;
                }

                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = Text(root, "eventType") ?? Text(root, "type");
            var subject = Text(root, "subject");
            if (type != "Microsoft.Storage.BlobCreated" || subject is null)
            {
                return null;
            }

            var prefix = $"/blobServices/default/containers/{uploadsContainer}/blobs/";
            if (!subject.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var key = subject[prefix.Length..];
            var parts = key.Split('/');
            return parts.Length == 3 && parts[0] == "sources" && Ids.IsValid(parts[1]) && parts[2].StartsWith("original", StringComparison.Ordinal)
                ? key
                : null;
        }
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
