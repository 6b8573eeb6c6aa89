using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Netflix.Azure.Catalog;

public sealed partial class CosmosCatalog
{
    /// <summary>
    /// Creates the database and the catalog's containers where missing; safe to run at every start. No throughput is
    /// set, as a serverless account requires (a provisioned account can set it on the database beforehand).
    /// </summary>
    public static async Task CreateContainersAsync(CosmosClient client, CosmosCatalogOptions options, CancellationToken cancellationToken)
    {
        Database database = await client.CreateDatabaseIfNotExistsAsync(options.DatabaseName, throughput: null, cancellationToken: cancellationToken);
        foreach (var container in ContainerDefinitions(options))
        {
            await database.CreateContainerIfNotExistsAsync(container, throughput: null, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Each container's partition key and the indexes its queries need.</summary>
    public static IReadOnlyList<ContainerProperties> ContainerDefinitions(CosmosCatalogOptions options)
    {
        var videos = new ContainerProperties(options.VideosContainer, "/id");

        // The list's ORDER BY on two fields needs a composite index in exactly that order.
        videos.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
        {
            new() { Path = "/createdMs", Order = CompositePathSortOrder.Descending },
            new() { Path = "/id", Order = CompositePathSortOrder.Descending },
        });

        return
        [
            videos,
            new ContainerProperties(options.UsersContainer, "/id"),
            new ContainerProperties(options.PositionsContainer, "/userId"),
            new ContainerProperties(options.UploadsContainer, "/id"),
            new ContainerProperties(options.ChunksContainer, "/uploadId"),
        ];
    }
}
