using Azure.Storage.Sas;
using Netflix.Core.Playback;
using Netflix.Core.Storage;

namespace Netflix.Azure.Playback;

/// <summary>
/// Playback URLs on Azure. Playlists and storyboards (.m3u8, .vtt) are rewritten per request by
/// <see cref="PlaylistService"/>, so they go to the app's playlist route, signed by the wrapped
/// <see cref="HmacPlaybackSigner"/> (whose base address is that route) and, inside a playlist, relative to it as
/// locally. Everything else (segments, init segments, images) is fetched straight from storage through the CDN:
/// <c>{cdn}/{container}/media/{path}?{SAS}</c>, a read-only SAS for exactly that blob that expires with the link.
/// Those are always absolute, as the playlist naming them is served by the app, not by the CDN. Bound parameters
/// (a start offset) only matter to playlists; a blob's SAS does not carry them.
/// </summary>
public sealed class SasPlaybackSigner : IPlaybackSigner
{
    private readonly HmacPlaybackSigner _playlists;
    private readonly IBlobSasCredential _credential;
    private readonly string _container;
    private readonly string _mediaBase;
    private readonly SasProtocol _protocol;
    private readonly long _expiryStepTicks;

    /// <param name="playlists">Signs playlist URLs for the app's playlist route.</param>
    /// <param name="credential">A <see cref="UserDelegationKeyCache"/> in production; the account key on Azurite.</param>
    /// <param name="blobEndpoint">The account's blob endpoint (<c>BlobServiceClient.Uri</c>).</param>
    public SasPlaybackSigner(HmacPlaybackSigner playlists, IBlobSasCredential credential, Uri blobEndpoint, SasPlaybackOptions options)
    {
        var problems = SasPlaybackOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _playlists = playlists;
        _credential = credential;
        _container = options.MediaContainer;
        _mediaBase = MediaBase(blobEndpoint, options.CdnEndpoint, options.MediaContainer);
        _expiryStepTicks = Math.Max(0, options.ExpiryStep.Ticks);

        // The SAS is checked at the blob endpoint (the CDN's origin): https-only there, http only for Azurite.
        _protocol = blobEndpoint.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp;
    }

    public string Sign(string path, DateTimeOffset expires, IReadOnlyDictionary<string, string>? parameters = null, string? relativeTo = null)
    {
        if (PlaylistService.IsPlaylist(path))
        {
            return _playlists.Sign(path, expires, parameters, relativeTo);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !StoreKeys.IsSafe(path))
        {
            throw new ArgumentException($"'{path}' is not a media path.", nameof(path));
        }

        var blobName = StoreKeys.Media(path[..slash], path[(slash + 1)..]);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, Shared(expires))
        {
            BlobContainerName = _container,
            BlobName = blobName,
            Resource = "b",
            Protocol = _protocol,
        };
        return $"{_mediaBase}{blobName}?{_credential.Sign(sas)}";
    }

    /// <summary>The expiry rounded up to the next step, in UTC, so links issued close together sign identically.</summary>
    internal DateTimeOffset Shared(DateTimeOffset expires)
    {
        if (_expiryStepTicks == 0)
        {
            return expires;
        }

        var ticks = expires.UtcTicks;
        var remainder = ticks % _expiryStepTicks;
        return new DateTimeOffset(remainder == 0 ? ticks : ticks - remainder + _expiryStepTicks, TimeSpan.Zero);
    }

    /// <summary>"{scheme}://{host}/{endpoint path}/{container}/", with the CDN's scheme, host and port when there is one.</summary>
    private static string MediaBase(Uri blobEndpoint, Uri? cdn, string container)
    {
        var address = new UriBuilder(blobEndpoint) { Query = string.Empty, Fragment = string.Empty };
        if (cdn is not null)
        {
            address.Scheme = cdn.Scheme;
            address.Host = cdn.Host;
            address.Port = cdn.IsDefaultPort ? -1 : cdn.Port;
        }

        address.Path = $"{address.Path.TrimEnd('/')}/{container}/";
        return address.Uri.AbsoluteUri;
    }
}
