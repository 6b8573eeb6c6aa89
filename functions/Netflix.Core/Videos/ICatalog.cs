using Netflix.Core.Errors;
using Netflix.Core.Uploads;

namespace Netflix.Core.Videos;

/// <summary>A page of results and the opaque token for the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Metadata: videos, users, watch positions and upload sessions. Writes of existing records carry the ETag that
/// was read and fail with <see cref="ConcurrencyException"/> if the record changed since.
/// </summary>
public interface ICatalog
{
    Task<Video?> FindVideoAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds a new video; fails with a conflict if the id exists.</summary>
    Task<Video> AddVideoAsync(Video video, CancellationToken cancellationToken);

    /// <summary>Replaces a video if its <see cref="Video.ETag"/> still matches.</summary>
    Task<Video> ReplaceVideoAsync(Video video, CancellationToken cancellationToken);

    Task DeleteVideoAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<Page<Video>> ListVideosAsync(VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken);

    /// <summary>The videos one user uploaded, newest first; a next-page token holds for the same user and status only.</summary>
    Task<Page<Video>> ListUploadsAsync(string uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken);

    Task<User?> FindUserAsync(string id, CancellationToken cancellationToken);

    Task<User> UpsertUserAsync(User user, CancellationToken cancellationToken);

    Task<WatchPosition?> FindPositionAsync(string userId, string videoId, CancellationToken cancellationToken);

    Task SavePositionAsync(WatchPosition position, CancellationToken cancellationToken);

    Task<UploadSession?> FindUploadAsync(string id, CancellationToken cancellationToken);

    Task<UploadSession> AddUploadAsync(UploadSession upload, CancellationToken cancellationToken);

    /// <summary>Replaces an upload session if its ETag still matches.</summary>
    Task<UploadSession> ReplaceUploadAsync(UploadSession upload, CancellationToken cancellationToken);

    /// <summary>
    /// Records a verified chunk unless its index is recorded already: the first record of an index is final. Returns
    /// the chunk as recorded, which is the earlier one when there was one.
    /// </summary>
    Task<UploadedChunk> RecordChunkAsync(string uploadId, UploadedChunk chunk, CancellationToken cancellationToken);

    Task<UploadedChunk?> FindChunkAsync(string uploadId, int index, CancellationToken cancellationToken);

    Task<IReadOnlyList<UploadedChunk>> ListChunksAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>One admin's upload sessions still in the Open state (expired ones included), to enforce limits.</summary>
    Task<IReadOnlyList<UploadSession>> ListOpenUploadsAsync(string userId, CancellationToken cancellationToken);
}

public static class CatalogExtensions
{
    /// <summary>
    /// Read, change, write, and on a lost race read and change again: the change function must be safe to repeat.
    /// </summary>
    public static async Task<Video> UpdateVideoAsync(this ICatalog catalog, string id, Func<Video, Video> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await catalog.FindVideoAsync(id, cancellationToken)
                ?? throw AppException.NotFound("video-not-found", $"No video has the id '{id}'.");
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                return current;
            }

            try
            {
                return await catalog.ReplaceVideoAsync(next, cancellationToken);
            }
            catch (ConcurrencyException) when (attempt < 10)
            {
                // Someone else wrote in between: start again from their version.
            }
        }
    }
}
