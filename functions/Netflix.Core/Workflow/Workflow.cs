namespace Netflix.Core.Workflow;

/// <summary>
/// A workflow another workflow runs as one step (a sub-orchestration on Durable Functions, so a long title's history
/// is split into small ones; inline on the local engine). Deterministic like every workflow.
/// </summary>
public sealed record Workflow<TInput, TOutput>(string Name, Func<IWorkflowContext, TInput, Task<TOutput>> Body);
