namespace Netflix.Media.Tools;

/// <summary>Collects the error lines among ffmpeg's output (run at -loglevel error, anything but progress is one).</summary>
internal sealed class ErrorLines
{
    private readonly List<string> _lines = [];

    public string? First
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count > 0 ? _lines[0] : null;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || ProgressReport.IsProgressLine(line))
        {
            return;
        }

        lock (_lines)
        {
            if (_lines.Count < 100)
            {
                _lines.Add(line.Trim());
            }
        }
    }
}
