namespace Netflix.Media.Tests.Unit;

/// <summary>Committed ffmpeg/ffprobe output, copied next to the test assembly (see GoldenFiles/README.md).</summary>
internal static class Golden
{
    public static string PathOf(string relative)
        => Path.Combine(AppContext.BaseDirectory, "GoldenFiles", relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));
}
