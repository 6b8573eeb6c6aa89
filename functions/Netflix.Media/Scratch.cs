namespace Netflix.Media;

/// <summary>
/// A step's private working folder under the job's temp area. Its output is moved into place only when complete,
/// the file that marks the step done last; the folder is removed however the step ends.
/// </summary>
internal sealed class Scratch : IDisposable
{
    private Scratch(string path) => Path = path;

    public string Path { get; }

    public static Scratch Create(JobLayout layout, string purpose) => new(layout.NewTempDirectory(purpose));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Moves the files of <paramref name="from"/> (this folder or one below it) into <paramref name="to"/>, the
    /// <paramref name="marker"/> file last. Returns the total size of the moved files that <paramref name="counted"/> selects.
    /// </summary>
    public static long Publish(string from, string to, string marker, Func<string, bool>? counted = null)
    {
        Directory.CreateDirectory(to);
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(from).Where(f => System.IO.Path.GetFileName(f) != marker))
        {
            if (counted?.Invoke(file) == true)
            {
                bytes += new FileInfo(file).Length;
            }

            System.IO.File.Move(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        System.IO.File.Move(System.IO.Path.Combine(from, marker), System.IO.Path.Combine(to, marker), overwrite: true);
        return bytes;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
