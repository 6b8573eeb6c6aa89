using System.Text;
using Netflix.Core.Errors;
using Netflix.Core.Ingest;
using Netflix.Core.Storage;
using Netflix.Core.Videos;

namespace Netflix.Core.Uploads;

/// <summary>
/// Admin uploads. The resumable protocol: create a session (optionally with the whole file's SHA-256), PUT numbered
/// chunks (each with its SHA-256), ask which chunks the server holds to resume after a crash, then complete: the
/// chunks are committed as the video's original and the pipeline starts. A chunk that fails its checksum or length is
/// not counted, so nothing corrupt is ever committed. A received chunk is final: the same chunk again is a no-op and
/// other bytes for it are refused, so the original is always the bytes first acknowledged. A declared file digest is
/// checked before the commit; a mismatch commits nothing and discards nothing.
/// </summary>
public sealed class UploadService(ICatalog catalog, IMediaStore store, IIngestStarter starter, UploadOptions options, TimeProvider time)
{
    public async Task<UploadStatus> CreateAsync(string userId, CreateUploadRequest request, CancellationToken cancellationToken)
    {
        var metadata = new VideoMetadata(request.Title, request.Summary, request.Tags, request.Rating).Normalize();
        var sha256 = FileDigest.Parse(request.Sha256);
        if (request.Size <= 0)
        {
            throw AppException.Invalid("upload-size-invalid", "The file size must be given and greater than zero.");
        }

        if (request.Size > options.MaxUploadBytes)
        {
            throw new AppException(ErrorKind.TooLarge, "upload-too-large", $"The file is larger than the {options.MaxUploadBytes} bytes allowed.");
        }

        if (await CountLiveSessionsAsync(userId, cancellationToken) >= options.MaxOpenSessionsPerUser)
        {
            throw new AppException(ErrorKind.RateLimited, "upload-too-many-sessions", $"At most {options.MaxOpenSessionsPerUser} uploads may be open at once; complete or abort one first.");
        }

        var now = time.GetUtcNow();
        var video = await catalog.AddVideoAsync(NewVideo(userId, metadata, request.FileName, request.Size, now), cancellationToken);
        var session = await catalog.AddUploadAsync(
            new UploadSession
            {
                Id = Ids.New(),
                VideoId = video.Id,
                FileName = video.SourceFileName!,
                Size = request.Size,
                ChunkSize = options.ChunkSize,
                CreatedBy = userId,
                State = UploadState.Open,
                CreatedAt = now,
                ExpiresAt = now + options.SessionLifetime,
                Sha256 = sha256,
            },
            cancellationToken);
        return Status(session, []);
    }

    /// <summary>Stores one chunk after checking its index, its length and its SHA-256.</summary>
    public async Task<UploadedChunk> PutChunkAsync(string uploadId, int index, long? declaredLength, byte[]? sha256, Stream body, CancellationToken cancellationToken)
    {
        var session = await OpenSessionAsync(uploadId, cancellationToken);
        if (index < 0 || index >= session.ChunkCount)
        {
            throw AppException.Invalid("upload-chunk-out-of-range", $"Chunk {index} is out of range: this upload has chunks 0 to {session.ChunkCount - 1}.");
        }

        if (sha256 is null)
        {
            throw AppException.Invalid("upload-checksum-missing", "Each chunk needs a 'Content-Digest: sha-256=:<base64>:' header.");
        }

        var expected = session.ChunkLength(index);
        if (declaredLength is { } length && length != expected)
        {
            throw AppException.Invalid("upload-chunk-size", $"Chunk {index} must be {expected} bytes, not {length}.");
        }

        // One writer per chunk at a time, so the bytes stored are the bytes whose checksum is recorded.
        using var slot = await ChunkLocks.EnterAsync(uploadId, index, cancellationToken);
        var declared = Convert.ToHexStringLower(sha256);

        // A received chunk is final: it is never staged again, so nothing sent later can change or damage its bytes.
        if (await catalog.FindChunkAsync(uploadId, index, cancellationToken) is { } held)
        {
            return Final(held, declared);
        }

        using var hashing = new HashingReadStream(body, expected);
        await store.StageChunkAsync(uploadId, index, (long)index * session.ChunkSize, hashing, cancellationToken);
        if (hashing.BytesRead != expected || await hashing.HasMoreAsync(cancellationToken))
        {
            var arrived = hashing.BytesRead == expected ? "more" : hashing.BytesRead.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw AppException.Invalid(
                hashing.BytesRead == expected ? "upload-chunk-size" : "upload-chunk-truncated",
                $"Chunk {index} must be {expected} bytes; {arrived} arrived.");
        }

        var actual = hashing.Hash();
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(actual, sha256))
        {
            throw AppException.Invalid("upload-checksum-mismatch", $"Chunk {index} does not match its SHA-256: it was damaged on the way. Send it again.");
        }

        return Final(await catalog.RecordChunkAsync(uploadId, new UploadedChunk(index, expected, Convert.ToHexStringLower(actual)), cancellationToken), declared);
    }

    /// <summary>The chunk as first received, if <paramref name="sha256"/> (hex) is its digest; other bytes for it are refused.</summary>
    private static UploadedChunk Final(UploadedChunk held, string sha256)
        => held.Sha256 == sha256
            ? held
            : throw AppException.Conflict(
                "upload-chunk-conflict",
                $"Chunk {held.Index} was already received with another SHA-256 ({held.Sha256}) and a received chunk is final. To send other bytes, abort this upload and start a new one.");

    public async Task<UploadStatus> GetStatusAsync(string uploadId, CancellationToken cancellationToken)
    {
        var session = await catalog.FindUploadAsync(uploadId, cancellationToken)
            ?? throw AppException.NotFound("upload-not-found", $"No upload has the id '{uploadId}'.");
        return Status(session, await catalog.ListChunksAsync(uploadId, cancellationToken));
    }

    /// <summary>
    /// Commits the chunks as the video's original and starts the pipeline; completing twice is harmless. A file digest
    /// given here (<paramref name="sha256"/>, hex) replaces the one declared at creation, so a client told of a mismatch
    /// whose declared digest was the wrong one can complete without sending the file again.
    /// </summary>
    public async Task<Video> CompleteAsync(string uploadId, string? sha256, CancellationToken cancellationToken)
    {
        var corrected = FileDigest.Parse(sha256);
        var session = await catalog.FindUploadAsync(uploadId, cancellationToken)
            ?? throw AppException.NotFound("upload-not-found", $"No upload has the id '{uploadId}'.");
        if (session.State == UploadState.Completed)
        {
            return await catalog.FindVideoAsync(session.VideoId, cancellationToken)
                ?? throw AppException.NotFound("video-not-found", $"The upload's video '{session.VideoId}' is gone.");
        }

        session = await OpenSessionAsync(uploadId, cancellationToken);
        var chunks = await catalog.ListChunksAsync(uploadId, cancellationToken);
        var missing = Enumerable.Range(0, session.ChunkCount).Except(chunks.Select(c => c.Index)).ToList();
        if (missing.Count > 0)
        {
            throw AppException.Conflict(
                "upload-incomplete",
                $"{missing.Count} chunk(s) are missing, starting with {string.Join(", ", missing.Take(10))}.");
        }

        if (corrected is not null && corrected != session.Sha256)
        {
            session = await catalog.ReplaceUploadAsync(session with { Sha256 = corrected }, cancellationToken);
        }

        if (session.Sha256 is { } declared)
        {
            var key = StoreKeys.Source(session.VideoId, Extension(session.FileName));
            var actual = Convert.ToHexStringLower(await store.HashStagedAsync(session.Id, session.ChunkCount, session.Size, key, cancellationToken));
            if (actual != declared)
            {
                throw FileDigest.Mismatch(declared, actual);
            }
        }

        return await CommitAsync(session, cancellationToken);
    }

    public async Task AbortAsync(string uploadId, CancellationToken cancellationToken)
        => await CloseAsync(await OpenSessionAsync(uploadId, cancellationToken), "upload-aborted", "The upload was aborted before it completed.", cancellationToken);

    /// <summary>
    /// The admin's sessions that still count against the limit. Expired ones are closed on the way (their staged
    /// chunks freed, their video marked failed), so an admin is never locked out by uploads abandoned long ago.
    /// </summary>
    private async Task<int> CountLiveSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = 0;
        foreach (var session in await catalog.ListOpenUploadsAsync(userId, cancellationToken))
        {
            if (now <= session.ExpiresAt)
            {
                live++;
                continue;
            }

            await CloseAsync(session, "upload-expired", "The upload session expired before the upload completed.", cancellationToken);
        }

        return live;
    }

    private async Task CloseAsync(UploadSession session, string code, string reason, CancellationToken cancellationToken)
    {
        await catalog.ReplaceUploadAsync(session with { State = UploadState.Aborted }, cancellationToken);
        await store.DiscardUploadAsync(session.Id, cancellationToken);
        await catalog.UpdateVideoAsync(session.VideoId, v => v with
        {
            Status = VideoStatus.Failed,
            FailureCode = code,
            FailureReason = reason,
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>The seed's one-shot upload for small files: metadata and the whole file in one request.</summary>
    public async Task<Video> UploadWholeAsync(string userId, VideoMetadata metadata, string? fileName, Stream data, CancellationToken cancellationToken)
    {
        var clean = metadata.Normalize();
        var now = time.GetUtcNow();
        var video = await catalog.AddVideoAsync(NewVideo(userId, clean, fileName, 0, now), cancellationToken);
        var uploadId = Ids.New();
        using var hashing = new HashingReadStream(data, options.MaxOneShotBytes);
        try
        {
            await store.StageChunkAsync(uploadId, 0, 0, hashing, cancellationToken);
            if (await hashing.HasMoreAsync(cancellationToken))
            {
                throw new AppException(ErrorKind.TooLarge, "upload-too-large", $"One-shot uploads are limited to {options.MaxOneShotBytes} bytes; use the resumable upload.");
            }

            if (hashing.BytesRead == 0)
            {
                throw AppException.Invalid("upload-empty", "The uploaded file is empty.");
            }
        }
        catch
        {
            // Nothing of a refused or broken one-shot upload is kept: it was never acknowledged.
            await store.DiscardUploadAsync(uploadId, CancellationToken.None);
            await catalog.DeleteVideoAsync(video.Id, CancellationToken.None);
            throw;
        }

        var session = await catalog.AddUploadAsync(
            new UploadSession
            {
                Id = uploadId,
                VideoId = video.Id,
                FileName = video.SourceFileName!,
                Size = hashing.BytesRead,
                ChunkSize = (int)Math.Min(int.MaxValue, hashing.BytesRead),
                CreatedBy = userId,
                State = UploadState.Open,
                CreatedAt = now,
                ExpiresAt = now + options.SessionLifetime,
            },
            cancellationToken);
        _ = await catalog.RecordChunkAsync(uploadId, new UploadedChunk(0, hashing.BytesRead, Convert.ToHexStringLower(hashing.Hash())), cancellationToken);
        return await CommitAsync(session, cancellationToken);
    }

    private async Task<Video> CommitAsync(UploadSession session, CancellationToken cancellationToken)
    {
        var video = await catalog.FindVideoAsync(session.VideoId, cancellationToken)
            ?? throw AppException.NotFound("video-not-found", $"The upload's video '{session.VideoId}' is gone.");
        var key = StoreKeys.Source(video.Id, Extension(session.FileName));
        await store.CommitAsync(session.Id, session.ChunkCount, session.Size, key, cancellationToken);
        await catalog.ReplaceUploadAsync(session with { State = UploadState.Completed }, cancellationToken);
        video = await catalog.UpdateVideoAsync(video.Id, v => v with
        {
            Status = VideoStatus.Uploaded,
            SourceKey = key,
            SourceBytes = session.Size,
            Attempt = 1,
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        await starter.StartAsync(new IngestRequest(video.Id, key, video.Attempt), cancellationToken);
        return video;
    }

    private async Task<UploadSession> OpenSessionAsync(string uploadId, CancellationToken cancellationToken)
    {
        var session = await catalog.FindUploadAsync(uploadId, cancellationToken)
            ?? throw AppException.NotFound("upload-not-found", $"No upload has the id '{uploadId}'.");
        if (session.State != UploadState.Open)
        {
            throw AppException.Conflict("upload-closed", $"The upload is {session.State.ToString().ToLowerInvariant()}; no more chunks are accepted.");
        }

        if (time.GetUtcNow() > session.ExpiresAt)
        {
            throw new AppException(ErrorKind.Gone, "upload-expired", "The upload session has expired; start a new one.");
        }

        return session;
    }

    private static Video NewVideo(string userId, VideoMetadata metadata, string? fileName, long size, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        Title = metadata.Title!,
        Summary = metadata.Summary ?? string.Empty,
        Tags = metadata.Tags ?? [],
        Rating = metadata.Rating,
        UploadedBy = userId,
        Status = VideoStatus.Uploading,
        SourceFileName = SafeFileName(fileName),
        SourceBytes = size,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static UploadStatus Status(UploadSession session, IReadOnlyList<UploadedChunk> chunks)
    {
        var received = chunks.Select(c => c.Index).Order().ToList();
        return new UploadStatus(
            session.Id,
            session.VideoId,
            session.State,
            session.Size,
            session.ChunkSize,
            session.ChunkCount,
            received,
            ChunkRange.Gaps(session.ChunkCount, received),
            session.ChunkCount - received.Count,
            session.Sha256,
            session.ExpiresAt);
    }

    /// <summary>
    /// The last path segment of a client's file name, without control characters, at most 255 characters. It is only
    /// ever displayed; storage keys never contain it.
    /// </summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        var result = clean.ToString().Trim().Trim('.');
        if (result.Length > 255)
        {
            result = result[..255];
        }

        return result.Length == 0 ? "upload" : result;
    }

    /// <summary>A short alphanumeric extension from the file name, or ".bin"; ffmpeg identifies media by content anyway.</summary>
    public static string Extension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length is > 1 and <= 6 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }
}

/// <summary>Striped async locks keyed by upload and chunk, so two requests for the same chunk take turns.</summary>
internal static class ChunkLocks
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static async Task<IDisposable> EnterAsync(string uploadId, int index, CancellationToken cancellationToken)
    {
        var stripe = Stripes[(int)((uint)HashCode.Combine(uploadId, index) % Stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
