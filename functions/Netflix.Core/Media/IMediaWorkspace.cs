namespace Netflix.Core.Media;

/// <summary>Where a media job's files are, as local paths the media tools can read and write.</summary>
public interface IMediaWorkspace
{
    /// <summary>The uploaded original.</summary>
    string GetSourcePath(MediaJob job);

    /// <summary>The folder the job's intermediate and published files go in.</summary>
    string GetJobDirectory(MediaJob job);
}
