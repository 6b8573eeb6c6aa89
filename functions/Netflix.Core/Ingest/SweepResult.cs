namespace Netflix.Core.Ingest;

/// <summary>What a sweep did: videos failed, runs started, and the videos it could not look at.</summary>
public sealed record SweepResult(int Failed, int Started, IReadOnlyList<string> Errors);
