namespace Netflix.Azure.Catalog;

/// <summary>Where the catalog lives in Cosmos DB. Bound from the "Cosmos" configuration section.</summary>
public sealed class CosmosCatalogOptions
{
    public const string SectionName = "Cosmos";

    public string DatabaseName { get; set; } = "netflix";

    /// <summary>Videos, partitioned by their id.</summary>
    public string VideosContainer { get; set; } = "videos";

    /// <summary>Users, partitioned by their id.</summary>
    public string UsersContainer { get; set; } = "users";

    /// <summary>Watch positions, partitioned by user; the item id is the video id.</summary>
    public string PositionsContainer { get; set; } = "watchPositions";

    /// <summary>Upload sessions, partitioned by their id.</summary>
    public string UploadsContainer { get; set; } = "uploads";

    /// <summary>One item per received chunk, partitioned by upload; the item id is the chunk index.</summary>
    public string ChunksContainer { get; set; } = "uploadChunks";
}
