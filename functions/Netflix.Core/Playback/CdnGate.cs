using Netflix.Core.Errors;
using Netflix.Core.Storage;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Core.Playback;

/// <summary>What a signed media request may fetch: the file, its type, the link's bound parameters and its expiry.</summary>
public sealed record CdnGrant(string VideoId, string Path, string ContentType, IReadOnlyDictionary<string, string> Bound, DateTimeOffset ExpiresAt)
{
    public bool IsPlaylist => PlaylistService.IsPlaylist(Path);

    public string Key => StoreKeys.Media(VideoId, Path);
}

/// <summary>
/// The door of every route that serves media by signed URL, the same on both editions: the file must be one a
/// player may fetch, the signature must hold for exactly this file and be unexpired, and the video's country rules
/// must let the viewer in. Each refusal has its own stable code.
/// </summary>
public sealed class CdnGate(HmacPlaybackSigner signer, ICatalog catalog)
{
    public async Task<CdnGrant> AdmitAsync(
        string videoId, string? path, IEnumerable<KeyValuePair<string, string>> query, string? edgeCountry, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(videoId) || path is null || !StoreKeys.IsSafe(path) || !MediaTypes.TryGetPlayback(path, out var contentType))
        {
            throw NotFound();
        }

        switch (signer.Verify($"{videoId}/{path}", query, out var bound, out var expiresAt))
        {
            case SignatureStatus.Missing:
                throw new AppException(ErrorKind.Forbidden, "cdn-signature-missing", "This media URL is not signed.");
            case SignatureStatus.Invalid:
                throw new AppException(ErrorKind.Forbidden, "cdn-signature-invalid", "This media URL's signature is not valid for this file.");
            case SignatureStatus.Expired:
                throw new AppException(ErrorKind.Forbidden, "cdn-signature-expired", "This media URL has expired; ask for a new playback link.");
        }

        await GeoAvailability.RequireForLinkAsync(catalog, videoId, edgeCountry, bound, cancellationToken);
        return new CdnGrant(videoId, path, contentType, bound, expiresAt);
    }

    public static AppException NotFound() => AppException.NotFound("cdn-not-found", "No such media file.");
}
