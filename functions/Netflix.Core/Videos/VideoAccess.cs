using Netflix.Core.Errors;
using Netflix.Core.Uploads;

namespace Netflix.Core.Videos;

/// <summary>
/// The one rule for which videos a caller can see, used by every route that names a video: an admin sees every
/// video; anyone else sees a video only while it can be played, and a video they cannot see answers exactly as an
/// unknown id does (404 <c>video-not-found</c>), so a viewer cannot tell a failed or unfinished video from none.
/// </summary>
public static class VideoAccess
{
    public static async Task<Video> FindAsync(ICatalog catalog, string id, bool isAdmin, CancellationToken cancellationToken)
    {
        var video = Ids.IsValid(id) ? await catalog.FindVideoAsync(id, cancellationToken) : null;
        if (video is null || (!isAdmin && !video.IsPlayable))
        {
            throw NotFound(id);
        }

        return video;
    }

    /// <summary>As <see cref="FindAsync"/>, and the video must be playable: an admin asking to play one that is not is told why.</summary>
    public static async Task<Video> FindPlayableAsync(ICatalog catalog, string id, bool isAdmin, CancellationToken cancellationToken)
    {
        var video = await FindAsync(catalog, id, isAdmin, cancellationToken);
        if (video.IsPlayable)
        {
            return video;
        }

        if (video.Status == VideoStatus.Failed)
        {
            var why = video.FailureReason is { Length: > 0 } reason ? $": {reason}" : ".";
            throw AppException.Conflict("video-failed", $"The video failed processing and cannot be played{why}");
        }

        throw AppException.Conflict(
            "video-not-ready",
            $"The video is {video.Status.ToString().ToLowerInvariant()}; it can be played once its first part is transcoded.");
    }

    public static AppException NotFound(string id) => AppException.NotFound("video-not-found", $"No video has the id '{ClientText.Printable(id)}'.");
}
