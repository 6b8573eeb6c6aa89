namespace Netflix.Core.Ingest;

/// <summary>What a host's workflow engine knows of a run.</summary>
public enum RunState
{
    /// <summary>It is running or waiting to, or it ended so recently that a step of it may still be running.</summary>
    Running,

    /// <summary>It ended (completed, failed or terminated), it and its child workflows, before the quiet period began.</summary>
    Ended,

    /// <summary>The engine has no such run: it never started, or its record is gone.</summary>
    Unknown,
}
