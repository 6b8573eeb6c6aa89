using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Netflix.Core.Errors;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Local.Catalog;

/// <summary>
/// The catalog in SQLite: each record is a JSON document with its indexed fields beside it, and a version number
/// that is the record's ETag.
/// </summary>
public sealed class SqliteCatalog(SqliteDatabase database) : ICatalog
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<Video?> FindVideoAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, "SELECT doc, version FROM videos WHERE id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadVideo(reader) : null;
    }

    public async Task<Video> AddVideoAsync(Video video, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO videos (id, status, created_at, uploaded_by, version, doc) VALUES ($id, $status, $created, $by, 1, $doc)",
            ("$id", video.Id),
            ("$status", video.Status.ToString()),
            ("$created", video.CreatedAt.ToUnixTimeMilliseconds()),
            ("$by", video.UploadedBy),
            ("$doc", JsonSerializer.Serialize(video with { ETag = string.Empty }, Json)));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw AppException.Conflict("video-exists", $"A video with the id '{video.Id}' already exists.");
        }

        return video with { ETag = "1" };
    }

    public async Task<Video> ReplaceVideoAsync(Video video, CancellationToken cancellationToken)
    {
        var version = ParseETag(video.ETag);
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "UPDATE videos SET status = $status, doc = $doc, version = version + 1 WHERE id = $id AND version = $version",
            ("$id", video.Id),
            ("$status", video.Status.ToString()),
            ("$doc", JsonSerializer.Serialize(video with { ETag = string.Empty }, Json)),
            ("$version", version));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw await ExistsAsync(connection, "videos", video.Id, cancellationToken)
                ? new ConcurrencyException($"Video {video.Id} changed since it was read.")
                : AppException.NotFound("video-not-found", $"No video has the id '{video.Id}'.");
        }

        return video with { ETag = (version + 1).ToString(CultureInfo.InvariantCulture) };
    }

    public async Task DeleteVideoAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, "DELETE FROM videos WHERE id = $id; DELETE FROM watch_positions WHERE video_id = $id", ("$id", id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Page<Video>> ListVideosAsync(VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => ListAsync(null, status, pageSize, next, cancellationToken);

    public Task<Page<Video>> ListUploadsAsync(string uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
        => ListAsync(uploadedBy, status, pageSize, next, cancellationToken);

    private async Task<Page<Video>> ListAsync(string? uploadedBy, VideoStatus? status, int pageSize, string? next, CancellationToken cancellationToken)
    {
        var (afterCreated, afterId) = DecodeCursor(next);
        var sql = new StringBuilder("SELECT doc, version, created_at, id FROM videos WHERE 1 = 1");
        if (uploadedBy is not null)
        {
            sql.Append(" AND uploaded_by = $by");
        }

        if (status is not null)
        {
            sql.Append(" AND status = $status");
        }

        if (afterId is not null)
        {
            sql.Append(" AND (created_at < $created OR (created_at = $created AND id < $id))");
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT $limit");
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            sql.ToString(),
            ("$status", status?.ToString()),
            ("$by", uploadedBy),
            ("$created", afterCreated),
            ("$id", afterId),
            ("$limit", pageSize + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Video>();
        var cursors = new List<(long Created, string Id)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadVideo(reader));
            cursors.Add((reader.GetInt64(2), reader.GetString(3)));
        }

        if (items.Count <= pageSize)
        {
            return new Page<Video>(items, null);
        }

        var last = cursors[pageSize - 1];
        return new Page<Video>(items.Take(pageSize).ToList(), EncodeCursor(last.Created, last.Id));
    }

    public async Task<User?> FindUserAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, "SELECT doc FROM users WHERE id = $id", ("$id", id));
        var doc = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return doc is null ? null : JsonSerializer.Deserialize<User>(doc, Json);
    }

    public async Task<User> UpsertUserAsync(User user, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO users (id, doc) VALUES ($id, $doc) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
            ("$id", user.Id),
            ("$doc", JsonSerializer.Serialize(user, Json)));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return user;
    }

    public async Task<WatchPosition?> FindPositionAsync(string userId, string videoId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "SELECT position_ms, updated_at FROM watch_positions WHERE user_id = $user AND video_id = $video",
            ("$user", userId),
            ("$video", videoId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new WatchPosition(userId, videoId, TimeSpan.FromMilliseconds(reader.GetInt64(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
            : null;
    }

    public async Task SavePositionAsync(WatchPosition position, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            """
            INSERT INTO watch_positions (user_id, video_id, position_ms, updated_at) VALUES ($user, $video, $position, $updated)
            ON CONFLICT (user_id, video_id) DO UPDATE SET position_ms = excluded.position_ms, updated_at = excluded.updated_at
            """,
            ("$user", position.UserId),
            ("$video", position.VideoId),
            ("$position", (long)position.Position.TotalMilliseconds),
            ("$updated", position.UpdatedAt.ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<UploadSession?> FindUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, "SELECT doc, version FROM uploads WHERE id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? JsonSerializer.Deserialize<UploadSession>(reader.GetString(0), Json)! with { ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) }
            : null;
    }

    public async Task<UploadSession> AddUploadAsync(UploadSession upload, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO uploads (id, created_by, state, version, doc) VALUES ($id, $by, $state, 1, $doc)",
            ("$id", upload.Id),
            ("$by", upload.CreatedBy),
            ("$state", upload.State.ToString()),
            ("$doc", JsonSerializer.Serialize(upload with { ETag = string.Empty }, Json)));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw AppException.Conflict("upload-exists", $"An upload with the id '{upload.Id}' already exists.");
        }

        return upload with { ETag = "1" };
    }

    public async Task<UploadSession> ReplaceUploadAsync(UploadSession upload, CancellationToken cancellationToken)
    {
        var version = ParseETag(upload.ETag);
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "UPDATE uploads SET state = $state, doc = $doc, version = version + 1 WHERE id = $id AND version = $version",
            ("$id", upload.Id),
            ("$state", upload.State.ToString()),
            ("$doc", JsonSerializer.Serialize(upload with { ETag = string.Empty }, Json)),
            ("$version", version));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw await ExistsAsync(connection, "uploads", upload.Id, cancellationToken)
                ? new ConcurrencyException($"Upload {upload.Id} changed since it was read.")
                : AppException.NotFound("upload-not-found", $"No upload has the id '{upload.Id}'.");
        }

        return upload with { ETag = (version + 1).ToString(CultureInfo.InvariantCulture) };
    }

    public async Task<UploadedChunk> RecordChunkAsync(string uploadId, UploadedChunk chunk, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using (var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO upload_chunks (upload_id, idx, size, sha256) VALUES ($upload, $idx, $size, $sha) ON CONFLICT (upload_id, idx) DO NOTHING",
            ("$upload", uploadId),
            ("$idx", chunk.Index),
            ("$size", chunk.Size),
            ("$sha", chunk.Sha256)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindChunkAsync(connection, uploadId, chunk.Index, cancellationToken) ?? chunk;
    }

    public async Task<UploadedChunk?> FindChunkAsync(string uploadId, int index, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        return await FindChunkAsync(connection, uploadId, index, cancellationToken);
    }

    public async Task<IReadOnlyList<UploadedChunk>> ListChunksAsync(string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection, "SELECT idx, size, sha256 FROM upload_chunks WHERE upload_id = $upload ORDER BY idx", ("$upload", uploadId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var chunks = new List<UploadedChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(new UploadedChunk(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return chunks;
    }

    private static async Task<UploadedChunk?> FindChunkAsync(SqliteConnection connection, string uploadId, int index, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(
            connection, "SELECT idx, size, sha256 FROM upload_chunks WHERE upload_id = $upload AND idx = $idx", ("$upload", uploadId), ("$idx", index));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new UploadedChunk(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    public async Task<IReadOnlyList<UploadSession>> ListOpenUploadsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection, "SELECT doc, version FROM uploads WHERE created_by = $user AND state = 'Open' ORDER BY id", ("$user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<UploadSession>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(JsonSerializer.Deserialize<UploadSession>(reader.GetString(0), Json)! with { ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) });
        }

        return sessions;
    }

    private static Video ReadVideo(SqliteDataReader reader)
        => JsonSerializer.Deserialize<Video>(reader.GetString(0), Json)! with { ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) };

    private static long ParseETag(string etag)
        => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ConcurrencyException("The record has no valid version to update.");

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string table, string id, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, $"SELECT 1 FROM {table} WHERE id = $id", ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static string EncodeCursor(long created, string id)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{created}|{id}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long? Created, string? Id) DecodeCursor(string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            return (null, null);
        }

        try
        {
            var base64 = next.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var created) && Ids.IsValid(parts[1]))
            {
                return (created, parts[1]);
            }
        }
        catch (FormatException)
        {
        }

        throw AppException.Invalid("list-token-invalid", "The next-page token is not valid.");
    }
}
