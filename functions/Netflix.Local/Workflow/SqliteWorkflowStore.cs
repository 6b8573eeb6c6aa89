using Netflix.Local.Catalog;

namespace Netflix.Local.Workflow;

public sealed record WorkflowInstance(string Id, string Workflow, string Input, string Status, string? Error);

/// <summary>One execution of an activity: the journal proves from these that no finished work was done twice.</summary>
public sealed record ActivityRun(string InstanceId, string CallKey, string Activity, string Detail, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Outcome);

/// <summary>
/// The local engine's memory: which workflows are running (so a restart resumes them) and, per workflow, the output
/// of every activity call that finished (so a resumed workflow gets them back instead of doing the work again).
/// </summary>
public sealed class SqliteWorkflowStore(SqliteDatabase database, TimeProvider time)
{
    public const string Running = "running";

    /// <summary>Records a new instance; false if one with this id exists (a duplicate start).</summary>
    public async Task<bool> TryCreateAsync(string id, string workflow, string input, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT OR IGNORE INTO workflow_instances (id, workflow, input, status, created_at, updated_at) VALUES ($id, $workflow, $input, $status, $now, $now)",
            ("$id", id),
            ("$workflow", workflow),
            ("$input", input),
            ("$status", Running),
            ("$now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<WorkflowInstance?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, "SELECT id, workflow, input, status, error FROM workflow_instances WHERE id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<WorkflowInstance>> ListRunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection, "SELECT id, workflow, input, status, error FROM workflow_instances WHERE status = $status ORDER BY created_at", ("$status", Running));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instances = new List<WorkflowInstance>();
        while (await reader.ReadAsync(cancellationToken))
        {
            instances.Add(Read(reader));
        }

        return instances;
    }

    public async Task FinishAsync(string id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "UPDATE workflow_instances SET status = $status, error = $error, updated_at = $now WHERE id = $id",
            ("$id", id),
            ("$status", status),
            ("$error", error),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FindOutputAsync(string instanceId, string callKey, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection, "SELECT output FROM workflow_journal WHERE instance_id = $id AND call_key = $key", ("$id", instanceId), ("$key", callKey));
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task SaveOutputAsync(string instanceId, string callKey, string activity, string output, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT OR REPLACE INTO workflow_journal (instance_id, call_key, activity, output, finished_at) VALUES ($id, $key, $activity, $output, $now)",
            ("$id", instanceId),
            ("$key", callKey),
            ("$activity", activity),
            ("$output", output),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> StartRunAsync(string instanceId, string callKey, string activity, string detail, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO activity_runs (instance_id, call_key, activity, detail, started_at) VALUES ($id, $key, $activity, $detail, $now) RETURNING id",
            ("$id", instanceId),
            ("$key", callKey),
            ("$activity", activity),
            ("$detail", detail),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishRunAsync(long runId, string outcome)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "UPDATE activity_runs SET finished_at = $now, outcome = $outcome WHERE id = $run",
            ("$run", runId),
            ("$outcome", outcome),
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<ActivityRun>> ListRunsAsync(string? instanceId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(
            connection,
            "SELECT instance_id, call_key, activity, detail, started_at, finished_at, outcome FROM activity_runs WHERE $id IS NULL OR instance_id = $id ORDER BY id",
            ("$id", instanceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<ActivityRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new ActivityRun(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return runs;
    }

    private static WorkflowInstance Read(Microsoft.Data.Sqlite.SqliteDataReader reader)
        => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
}
