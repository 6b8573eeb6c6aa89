namespace Netflix.Core.Media;

/// <summary>
/// The job this step belongs to was given up (another step failed for good): the step stops and is not tried again,
/// so nothing works on a folder that is about to be cleared.
/// </summary>
public sealed class JobAbandonedException : Exception
{
    public JobAbandonedException()
        : this("The job was given up after another step failed.")
    {
    }

    /// <summary>The message travels coded (<see cref="MediaFailureCode.Abandoned"/>), so a workflow tells this echo from the failure that caused it.</summary>
    public JobAbandonedException(string message)
        : base(new MediaFailure(MediaFailureCode.Abandoned, message).Describe())
    {
    }

    public JobAbandonedException(string message, Exception innerException)
        : base(new MediaFailure(MediaFailureCode.Abandoned, message).Describe(), innerException)
    {
    }
}
