using System.Text.Json;
using Netflix.Core.Media;

namespace Netflix.Media;

/// <summary>
/// The plan the analysis made, kept in the job folder under its id (the fingerprint of source and settings) so that
/// requests name it instead of carrying it. A step asking for a plan the folder no longer holds (the job was cleaned
/// up, or a newer analysis replaced it) fails for good: it would work for a plan nobody waits on.
/// </summary>
internal static class JobPlans
{
    private sealed record Stored(TranscodePlan Plan, ChunkPlan Chunks);

    public static Task WriteAsync(JobLayout layout, TranscodePlan plan, ChunkPlan chunks, CancellationToken cancellationToken)
        => AtomicFile.WriteAllTextAsync(layout.PlanFile, JsonSerializer.Serialize(new Stored(plan, chunks)), cancellationToken);

    /// <summary>The plan and the chunks as planned (before the split).</summary>
    public static async Task<(TranscodePlan Plan, ChunkPlan Planned)> ReadAsync(JobLayout layout, string planId, CancellationToken cancellationToken)
    {
        await RequireAsync(layout, planId, cancellationToken);
        var stored = JsonSerializer.Deserialize<Stored>(await File.ReadAllTextAsync(layout.PlanFile, cancellationToken))
            ?? throw Gone("the job's plan is empty");
        return (stored.Plan, stored.Chunks);
    }

    /// <summary>The chunks as the split made them; the steps after the split work from these.</summary>
    public static async Task<ChunkPlan> ReadSplitAsync(JobLayout layout, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.SplitManifest))
        {
            throw Gone("the source has not been split");
        }

        await using var stream = File.OpenRead(layout.SplitManifest);
        return await JsonSerializer.DeserializeAsync<ChunkPlan>(stream, cancellationToken: cancellationToken) ?? throw Gone("the split manifest is empty");
    }

    /// <summary>The folder's fingerprint, or null when it has none.</summary>
    public static async Task<string?> CurrentIdAsync(JobLayout layout, CancellationToken cancellationToken)
        => File.Exists(layout.Fingerprint) ? await File.ReadAllTextAsync(layout.Fingerprint, cancellationToken) : null;

    public static async Task RequireAsync(JobLayout layout, string planId, CancellationToken cancellationToken)
    {
        var current = await CurrentIdAsync(layout, cancellationToken);
        if (current is null || !File.Exists(layout.PlanFile))
        {
            throw Gone("the job's plan is gone (the job was cleaned up)");
        }

        if (current != planId)
        {
            throw Gone("the job folder now holds another plan");
        }
    }

    private static MediaProcessingException Gone(string why)
        => new(new MediaFailure(MediaFailureCode.ProcessingFailed, $"This step cannot run: {why}."));
}
