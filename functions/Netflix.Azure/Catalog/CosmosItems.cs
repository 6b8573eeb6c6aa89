using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace Netflix.Azure.Catalog;

/// <summary>
/// Items as System.Text.Json documents over the SDK's stream API, so the catalog's JSON does not depend on the
/// serializer the shared <see cref="CosmosClient"/> was built with, and expected outcomes (404, 409, 412) are status
/// codes rather than exceptions.
/// </summary>
internal static class CosmosItems
{
    /// <summary>The same JSON shape as the one-machine catalog: camelCase names, enums as their names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const int DeletePageSize = 100;

    /// <summary>Whether Cosmos DB can hold <paramref name="id"/> as an item id or partition key value.</summary>
    public static bool IsStorable(string? id)
        => id is { Length: > 0 and <= 255 } && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    /// <summary>The JSON of <paramref name="value"/> without its ETag (Cosmos DB keeps that in <c>_etag</c>), plus extra fields.</summary>
    public static JsonObject Document<T>(T value, params (string Name, JsonNode? Value)[] extra)
    {
        var document = JsonSerializer.SerializeToNode(value, Json)!.AsObject();
        document.Remove("eTag");
        foreach (var (name, node) in extra)
        {
            document[name] = node;
        }

        return document;
    }

    public static MemoryStream ToStream(JsonNode document) => new(JsonSerializer.SerializeToUtf8Bytes(document, Json));

    public static async Task<JsonElement> ReadBodyAsync(ResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary>Writes answer with the item's new <c>_etag</c> as their ETag header; the body is not needed.</summary>
    public static ItemRequestOptions Write(string? ifMatch = null) => new() { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false };

    public static string ETagOfWrite(ResponseMessage response)
        => response.Headers.ETag is { Length: > 0 } etag ? etag : throw new InvalidOperationException("Cosmos DB answered a write without an ETag.");

    public static string ETagOf(JsonElement item) => item.GetProperty("_etag").GetString() ?? string.Empty;

    /// <summary>Reads one item, or null if there is none.</summary>
    public static async Task<JsonElement?> FindAsync(
        Container container, string id, string partitionKey, string partitionKeyField, CancellationToken cancellationToken)
    {
        if (!IsStorable(id) || !IsStorable(partitionKey))
        {
            return null;
        }

        using (var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            // Some Cosmos DB emulators (the tests' stand-in among them) answer a read of a missing item with 500: a
            // query, which they answer correctly, settles it. On Cosmos DB this is only a retry of a failed read.
            if (response.StatusCode != HttpStatusCode.InternalServerError)
            {
                response.EnsureSuccessStatusCode();
                return await ReadBodyAsync(response, cancellationToken);
            }
        }

        var query = new QueryDefinition($"SELECT * FROM c WHERE c.{partitionKeyField} = @key AND c.id = @id")
            .WithParameter("@key", partitionKey)
            .WithParameter("@id", id);
        var (items, _) = await QueryPageAsync(container, query, null, 1, new PartitionKey(partitionKey), e => e.Clone(), cancellationToken);
        return items.Count > 0 ? items[0] : null;
    }

    /// <summary>
    /// One page of a query: at most <paramref name="maxItems"/> items and the continuation after them (null at the end).
    /// Without a partition key the query runs across partitions.
    /// </summary>
    public static async Task<(List<T> Items, string? Continuation)> QueryPageAsync<T>(
        Container container,
        QueryDefinition query,
        string? continuation,
        int? maxItems,
        PartitionKey? partitionKey,
        Func<JsonElement, T> map,
        CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions { MaxItemCount = maxItems ?? -1, PartitionKey = partitionKey };
        using var iterator = container.GetItemQueryStreamIterator(query, continuation, options);
        var items = new List<T>();
        if (!iterator.HasMoreResults)
        {
            return (items, null);
        }

        using var response = await iterator.ReadNextAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await ReadBodyAsync(response, cancellationToken);
        foreach (var item in body.GetProperty("Documents").EnumerateArray())
        {
            items.Add(map(item));
        }

        return (items, string.IsNullOrEmpty(response.ContinuationToken) ? null : response.ContinuationToken);
    }

    /// <summary>Every result of a query, page by page.</summary>
    public static async Task<List<T>> QueryAllAsync<T>(
        Container container, QueryDefinition query, PartitionKey? partitionKey, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? continuation = null;
        do
        {
            (var items, continuation) = await QueryPageAsync(container, query, continuation, null, partitionKey, map, cancellationToken);
            all.AddRange(items);
        }
        while (continuation is not null);

        return all;
    }

    /// <summary>Deletes every item a cross-partition query of <c>c.id</c> and the partition key field finds.</summary>
    public static async Task DeleteAllAsync(Container container, QueryDefinition query, string partitionKeyField, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            (var keys, continuation) = await QueryPageAsync(
                container,
                query,
                continuation,
                DeletePageSize,
                null,
                e => (Id: e.GetProperty("id").GetString()!, Key: e.GetProperty(partitionKeyField).GetString()!),
                cancellationToken);
            await Task.WhenAll(keys.Select(k => DeleteAsync(container, k.Id, k.Key, cancellationToken)));
        }
        while (continuation is not null);
    }

    /// <summary>Deletes an item; one that is already gone is fine.</summary>
    public static async Task DeleteAsync(Container container, string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
