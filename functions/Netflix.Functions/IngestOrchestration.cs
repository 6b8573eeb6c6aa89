using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Netflix.Core.Ingest;
using Netflix.Core.Media;

namespace Netflix.Functions;

/// <summary>
/// The upload pipeline as Durable orchestrations: Core's ingest workflow, run over a <see cref="TaskOrchestrationContext"/>.
/// Payloads are ids and store keys; media bytes never pass through an orchestration.
/// </summary>
public static class IngestOrchestration
{
    /// <summary>Chunk activities outstanding at once: a 3-hour title is ~1,350 chunks, fed to the instances this many at a time.</summary>
    public const int ChunksInFlight = 64;

    [Function(IngestWorkflow.Name)]
    public static Task<TranscodeOutcome> Ingest([OrchestrationTrigger] TaskOrchestrationContext context, IngestRequest request)
        => IngestWorkflow.RunAsync(new DurableWorkflowContext(context), request, ChunksInFlight);

    /// <summary>A run of a long title's chunks, as its own orchestration so no history grows with the title.</summary>
    [Function(TranscodeWorkflow.BatchName)]
    public static Task<IReadOnlyList<ChunkResult>> TranscodeBatch([OrchestrationTrigger] TaskOrchestrationContext context, ChunkBatch batch)
        => TranscodeWorkflow.Batch.Body(new DurableWorkflowContext(context), batch);
}
