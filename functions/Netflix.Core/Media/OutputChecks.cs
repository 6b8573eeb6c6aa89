using System.Globalization;

namespace Netflix.Core.Media;

public static class OutputChecks
{
    /// <summary>Audio may end at most this far from the video (one AAC frame is 21 ms at 48 kHz).</summary>
    public static readonly TimeSpan DriftTolerance = TimeSpan.FromMilliseconds(50);

    /// <summary>Audio and every rendition must end together.</summary>
    public static IReadOnlyList<string> Sync(IReadOnlyList<StreamCheck> video, StreamCheck? audio)
    {
        var problems = new List<string>();
        if (video.Count == 0)
        {
            problems.Add("no renditions");
            return problems;
        }

        var reference = video[0];
        foreach (var rendition in video.Skip(1))
        {
            if ((rendition.End - reference.End).Duration() >= DriftTolerance)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{rendition.Name} ends {(rendition.End - reference.End).TotalMilliseconds:0} ms from {reference.Name}"));
            }
        }

        if (audio is not null && (audio.End - reference.End).Duration() >= DriftTolerance)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"audio ends {(audio.End - reference.End).TotalMilliseconds:0} ms from the video"));
        }

        return problems;
    }
}
