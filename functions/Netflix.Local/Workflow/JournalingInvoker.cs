using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Workflow;

namespace Netflix.Local.Workflow;

/// <summary>
/// Journals every finished activity call under a key made of the activity's name and its input, so a workflow run
/// again after a crash gets each finished result back without doing the work again. Every real execution is logged.
/// </summary>
public sealed class JournalingInvoker(string instanceId, SqliteWorkflowStore store, IActivityInvoker inner) : IActivityInvoker
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
    {
        var key = CallKey(activity.Name, JsonSerializer.Serialize(input, Json));
        if (await store.FindOutputAsync(instanceId, key, cancellationToken) is { } saved)
        {
            return JsonSerializer.Deserialize<TOutput>(saved, Json)!;
        }

        var run = await store.StartRunAsync(instanceId, key, activity.Name, Describe(input), cancellationToken);
        try
        {
            var output = await inner.InvokeAsync(activity, input, cancellationToken);
            await store.SaveOutputAsync(instanceId, key, activity.Name, JsonSerializer.Serialize(output, Json), CancellationToken.None);
            await store.FinishRunAsync(run, "completed");
            return output;
        }
        catch (Exception ex)
        {
            await store.FinishRunAsync(run, ex is OperationCanceledException ? "cancelled" : "failed: " + ex.Message);
            throw;
        }
    }

    internal static string CallKey(string activity, string inputJson)
        => $"{activity}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputJson)))[..32]}";

    /// <summary>A few words about the call for the run log.</summary>
    internal static string Describe(object? input) => input switch
    {
        ChunkRequest chunk => $"chunk {chunk.Index}",
        StitchRequest stitch => $"{stitch.ReadyChunks} chunks",
        RenditionCheckRequest check => check.Rendition,
        ProgressUpdate update => $"{update.Progress.Stage} {update.Progress.Done}/{update.Progress.Total}",
        _ => string.Empty,
    };
}
