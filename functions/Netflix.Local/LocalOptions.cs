namespace Netflix.Local;

/// <summary>Settings of the one-machine edition. Bound from the "Local" section; <c>--data DIR</c> on the command line sets the folder.</summary>
public sealed class LocalOptions
{
    public const string SectionName = "Local";

    /// <summary>Everything the platform stores: media, the SQLite catalog, the search index, keys. Relative to the working folder.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Heavy media tasks (chunk transcodes, checks) run at once; 0 means one per core.</summary>
    public int WorkerSlots { get; set; }

    /// <summary>Base of the signed media URLs the API hands out; relative to the host unless absolute.</summary>
    public string CdnBase { get; set; } = "/cdn";

    /// <summary>
    /// How long a video, user or watch position read from the catalog is reused. The host sees its own writes at once;
    /// this bounds how late it sees another process's (a role changed with the token command). Zero turns it off.
    /// </summary>
    public TimeSpan CatalogCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    public string DataPath => Path.GetFullPath(DataDirectory);

    public string StorePath => Path.Combine(DataPath, "store");

    public string DatabasePath => Path.Combine(DataPath, "catalog.db");

    public string SearchPath => Path.Combine(DataPath, "search");

    public string KeysPath => Path.Combine(DataPath, "keys");

    /// <summary>The media tools' own files while they run; what a dead host left here is swept at start.</summary>
    public string ScratchPath => Path.Combine(DataPath, "scratch");

    public int EffectiveWorkerSlots => WorkerSlots > 0 ? WorkerSlots : Environment.ProcessorCount;
}
