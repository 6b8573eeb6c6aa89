using Microsoft.Data.Sqlite;

namespace Netflix.Local.Catalog;

/// <summary>
/// The one-machine edition's SQLite file: the catalog and the workflow journal. WAL mode lets readers run alongside
/// the writer; every command waits up to 5 s for a lock rather than failing.
/// </summary>
public sealed class SqliteDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS videos (
            id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            uploaded_by TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS videos_by_created ON videos (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS videos_by_status ON videos (status, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS videos_by_uploader ON videos (uploaded_by, created_at DESC, id DESC);

        CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            doc TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS watch_positions (
            user_id TEXT NOT NULL,
            video_id TEXT NOT NULL,
            position_ms INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, video_id));

        CREATE TABLE IF NOT EXISTS uploads (
            id TEXT PRIMARY KEY,
            created_by TEXT NOT NULL,
            state TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS uploads_by_owner ON uploads (created_by, state);

        CREATE TABLE IF NOT EXISTS upload_chunks (
            upload_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (upload_id, idx));

        CREATE TABLE IF NOT EXISTS workflow_instances (
            id TEXT PRIMARY KEY,
            workflow TEXT NOT NULL,
            input TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS workflow_journal (
            instance_id TEXT NOT NULL,
            call_key TEXT NOT NULL,
            activity TEXT NOT NULL,
            output TEXT NOT NULL,
            finished_at INTEGER NOT NULL,
            PRIMARY KEY (instance_id, call_key));

        CREATE TABLE IF NOT EXISTS activity_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            call_key TEXT NOT NULL,
            activity TEXT NOT NULL,
            detail TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            outcome TEXT);
        CREATE INDEX IF NOT EXISTS activity_runs_by_instance ON activity_runs (instance_id, call_key);
        """;

    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();

        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, Schema);
    }

    public SqliteConnection Open()
    {
        // Nothing to set per connection: WAL is a property of the file, a busy database is retried for DefaultTimeout,
        // and the default synchronous=FULL makes every commit durable before it returns.
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
