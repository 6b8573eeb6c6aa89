using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Netflix.Core.Errors;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using static Netflix.Azure.Catalog.CosmosItems;
using User = Netflix.Core.Videos.User;

namespace Netflix.Azure.Catalog;

/// <summary>
/// The catalog in Cosmos DB: one container per record kind, each record one JSON item whose <c>_etag</c> is the
/// record's ETag. Works within what every Cosmos DB offering does: no COUNT, no transactional batch; every query
/// either names its partition key in WHERE or runs across partitions.
/// </summary>
public sealed partial class CosmosCatalog : ICatalog
{
    /// <summary>Newest first; the id breaks ties so paging is stable (served by the videos container's composite index).</summary>
    private const string NewestFirst = " ORDER BY c.createdMs DESC, c.id DESC";

    private readonly Container _videos;
    private readonly Container _users;
    private readonly Container _positions;
    private readonly Container _uploads;
    private readonly Container _chunks;

    /// <summary>A catalog over existing containers; <see cref="CreateContainersAsync"/> makes them.</summary>
    public CosmosCatalog(CosmosClient client, CosmosCatalogOptions options)
    {
        var database = client.GetDatabase(options.DatabaseName);
        _videos = database.GetContainer(options.VideosContainer);
        _users = database.GetContainer(options.UsersContainer);
        _positions = database.GetContainer(options.PositionsContainer);
        _uploads = database.GetContainer(options.UploadsContainer);
        _chunks = database.GetContainer(options.ChunksContainer);
    }

    public async Task<Video?> FindVideoAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(_videos, id, id, "id", cancellationToken) is { } item ? ReadVideo(item) : null;

    public async Task<Video> AddVideoAsync(Video video, CancellationToken cancellationToken)
    {
        var etag = await CreateAsync(_videos, video.Id, VideoDocument(video), "video-exists", $"A video with the id '{video.Id}' already exists.", cancellationToken);
        return video with { ETag = etag };
    }

    public async Task<Video> ReplaceVideoAsync(Video video, CancellationToken cancellationToken)
    {
        var etag = await ReplaceAsync(_videos, video.Id, video.ETag, VideoDocument(video), "Video", "video-not-found", cancellationToken);
        return video with { ETag = etag };
    }

    public async Task DeleteVideoAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsStorable(id))
        {
            return;
        }

        // The video first, so it is gone at once; a delete that fails half-way is finished by repeating it.
        await DeleteAsync(_videos, id, id, cancellationToken);
        var positions = new QueryDefinition("SELECT c.id, c.userId FROM c WHERE c.videoId = @video").WithParameter("@video", id);
        await DeleteAllAsync(_positions, positions, "userId", cancellationToken);
    }

    public Task<Page<Video>> ListVideosAsync(VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => ListAsync(null, status, pageSize, next, cancellationToken);

    public Task<Page<Video>> ListUploadsAsync(string uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => ListAsync(uploadedBy, status, pageSize, next, cancellationToken);

    private async Task<Page<Video>> ListAsync(string? uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
    {
        var continuation = ListToken.Decode(next, status, uploadedBy);
        var filters = new List<string>();
        if (status is not null)
        {
            filters.Add("c.status = @status");
        }

        if (uploadedBy is not null)
        {
            filters.Add("c.uploadedBy = @by");
        }

        var query = new QueryDefinition("SELECT * FROM c" + (filters.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", filters)) + NewestFirst);
        if (status is not null)
        {
            query = query.WithParameter("@status", status.Value.ToString());
        }

        if (uploadedBy is not null)
        {
            query = query.WithParameter("@by", uploadedBy);
        }

        var (videos, after) = await ContinuationPaging.ReadPageAsync<Video>(
            (token, max, ct) => ReadVideosAsync(query, token, max, ct), pageSize, continuation, cancellationToken);
        return new Page<Video>(videos, after is null ? null : ListToken.Encode(after, status, uploadedBy));
    }

    public async Task<User?> FindUserAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(_users, id, id, "id", cancellationToken) is { } item ? item.Deserialize<User>(Json) : null;

    public async Task<User> UpsertUserAsync(User user, CancellationToken cancellationToken)
    {
        RequireStorable(user.Id);
        using var body = ToStream(Document(user));
        using var response = await _users.UpsertItemStreamAsync(body, new PartitionKey(user.Id), Write(), cancellationToken);
        response.EnsureSuccessStatusCode();
        return user;
    }

    public async Task<WatchPosition?> FindPositionAsync(string userId, string videoId, CancellationToken cancellationToken)
        => await FindAsync(_positions, videoId, userId, "userId", cancellationToken) is { } item
            ? new WatchPosition(
                userId,
                videoId,
                TimeSpan.FromMilliseconds(item.GetProperty("positionMs").GetInt64()),
                DateTimeOffset.FromUnixTimeMilliseconds(item.GetProperty("updatedMs").GetInt64()))
            : null;

    public async Task SavePositionAsync(WatchPosition position, CancellationToken cancellationToken)
    {
        RequireStorable(position.UserId);
        RequireStorable(position.VideoId);

        // Milliseconds, as the one-machine catalog keeps them.
        var document = new Dictionary<string, object>
        {
            ["id"] = position.VideoId,
            ["userId"] = position.UserId,
            ["videoId"] = position.VideoId,
            ["positionMs"] = (long)position.Position.TotalMilliseconds,
            ["updatedMs"] = position.UpdatedAt.ToUnixTimeMilliseconds(),
        };
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, Json));
        using var response = await _positions.UpsertItemStreamAsync(body, new PartitionKey(position.UserId), Write(), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<UploadSession?> FindUploadAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(_uploads, id, id, "id", cancellationToken) is { } item
            ? item.Deserialize<UploadSession>(Json)! with { ETag = ETagOf(item) }
            : null;

    public async Task<UploadSession> AddUploadAsync(UploadSession upload, CancellationToken cancellationToken)
    {
        var etag = await CreateAsync(_uploads, upload.Id, Document(upload), "upload-exists", $"An upload with the id '{upload.Id}' already exists.", cancellationToken);
        return upload with { ETag = etag };
    }

    public async Task<UploadSession> ReplaceUploadAsync(UploadSession upload, CancellationToken cancellationToken)
    {
        var etag = await ReplaceAsync(_uploads, upload.Id, upload.ETag, Document(upload), "Upload", "upload-not-found", cancellationToken);
        return upload with { ETag = etag };
    }

    public async Task<UploadedChunk> RecordChunkAsync(string uploadId, UploadedChunk chunk, CancellationToken cancellationToken)
    {
        RequireStorable(uploadId);

        // The index is the item id within the upload's partition: a create, so the first record of an index stays.
        var document = Document(chunk, ("id", chunk.Index.ToString(CultureInfo.InvariantCulture)), ("uploadId", uploadId));
        using var body = ToStream(document);
        using var response = await _chunks.CreateItemStreamAsync(body, new PartitionKey(uploadId), Write(), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return await FindChunkAsync(uploadId, chunk.Index, cancellationToken)
                ?? throw new ConcurrencyException($"Chunk {chunk.Index} of upload {uploadId} was recorded and is gone.");
        }

        response.EnsureSuccessStatusCode();
        return chunk;
    }

    public async Task<UploadedChunk?> FindChunkAsync(string uploadId, int index, CancellationToken cancellationToken)
        => await FindAsync(_chunks, index.ToString(CultureInfo.InvariantCulture), uploadId, "uploadId", cancellationToken) is { } item
            ? item.Deserialize<UploadedChunk>(Json)
            : null;

    public async Task<IReadOnlyList<UploadedChunk>> ListChunksAsync(string uploadId, CancellationToken cancellationToken)
    {
        if (!IsStorable(uploadId))
        {
            return [];
        }

        var query = new QueryDefinition("SELECT c.index, c.size, c.sha256 FROM c WHERE c.uploadId = @upload").WithParameter("@upload", uploadId);
        var chunks = await QueryAllAsync(_chunks, query, new PartitionKey(uploadId), e => e.Deserialize<UploadedChunk>(Json)!, cancellationToken);
        return [.. chunks.OrderBy(c => c.Index)];
    }

    public async Task<IReadOnlyList<UploadSession>> ListOpenUploadsAsync(string userId, CancellationToken cancellationToken)
    {
        // A cross-partition query, but a small one: one admin has few open sessions.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.createdBy = @user AND c.state = @state")
            .WithParameter("@user", userId)
            .WithParameter("@state", nameof(UploadState.Open));
        return await QueryAllAsync(_uploads, query, null, item => item.Deserialize<UploadSession>(Json)! with { ETag = ETagOf(item) }, cancellationToken);
    }

    /// <summary>Creates an item partitioned by its id; a taken id is a coded conflict. Returns the new ETag.</summary>
    private static async Task<string> CreateAsync(Container container, string id, JsonObject document, string conflictCode, string conflict, CancellationToken cancellationToken)
    {
        RequireStorable(id);
        using var body = ToStream(document);
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(id), Write(), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw AppException.Conflict(conflictCode, conflict);
        }

        response.EnsureSuccessStatusCode();
        return ETagOfWrite(response);
    }

    /// <summary>Replaces an item if it still has the ETag it was read with. Returns the new ETag.</summary>
    private static async Task<string> ReplaceAsync(Container container, string id, string etag, JsonObject document, string kind, string notFoundCode, CancellationToken cancellationToken)
    {
        RequireETag(etag);
        RequireStorable(id);
        using var body = ToStream(document);
        using var response = await container.ReplaceItemStreamAsync(body, id, new PartitionKey(id), Write(etag), cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.PreconditionFailed:
                throw new ConcurrencyException($"{kind} {id} changed since it was read.");
            case HttpStatusCode.NotFound:
                throw AppException.NotFound(notFoundCode, $"No {kind.ToLowerInvariant()} has the id '{id}'.");
        }

        response.EnsureSuccessStatusCode();
        return ETagOfWrite(response);
    }

    private static Video ReadVideo(JsonElement item) => item.Deserialize<Video>(Json)! with { ETag = ETagOf(item) };

    /// <summary>The video's JSON plus its creation time in Unix milliseconds, the list's sort key.</summary>
    private static JsonObject VideoDocument(Video video)
        => Document(video, ("createdMs", video.CreatedAt.ToUnixTimeMilliseconds()));

    private async Task<(IReadOnlyList<Video> Items, string? Continuation)> ReadVideosAsync(
        QueryDefinition query, string? continuation, int maxItems, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryPageAsync(_videos, query, continuation, maxItems, null, ReadVideo, cancellationToken);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && continuation is not null)
        {
            throw ListToken.Invalid();
        }
    }

    private static void RequireETag(string etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            throw new ConcurrencyException("The record has no version to update.");
        }
    }

    private static void RequireStorable(string id)
    {
        if (!IsStorable(id))
        {
            throw AppException.Invalid("id-invalid", $"The id '{id}' cannot be stored: it must be 1 to 255 characters without '/', '\\', '?' or '#'.");
        }
    }
}
