using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Netflix.Azure.Catalog;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Core.Errors;
using Netflix.Core.Videos;
using Netflix.Testing.Azure;
using User = Netflix.Core.Videos.User;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>What the Cosmos DB catalog does beyond the port's contract: its tokens, ETags, containers and limits.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosCatalogTests(CosmosFixture cosmos) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CosmosCatalogOptions _options = new() { DatabaseName = CosmosFixture.NewDatabaseName("catalog") };
    private CosmosCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        await CosmosCatalog.CreateContainersAsync(cosmos.Client, _options, None);
        _catalog = new CosmosCatalog(cosmos.Client, _options);
    }

    public Task DisposeAsync() => cosmos.DeleteDatabaseAsync(_options.DatabaseName);

    [Fact]
    public async Task A_next_token_continues_the_list_on_another_client()
    {
        for (var i = 0; i < 7; i++)
        {
            await _catalog.AddVideoAsync(Video($"v{i}", T0.AddMinutes(i)), None);
        }

        var first = await _catalog.ListVideosAsync(null, 3, null, None);
        var elsewhere = new CosmosCatalog(cosmos.CreateClient(), _options);
        var second = await elsewhere.ListVideosAsync(null, 3, first.Next, None);
        var third = await elsewhere.ListVideosAsync(null, 3, second.Next, None);

        Assert.Matches("^[A-Za-z0-9_-]+$", first.Next);
        Assert.Equal(["v6", "v5", "v4", "v3", "v2", "v1", "v0"], first.Items.Concat(second.Items).Concat(third.Items).Select(v => v.Id));
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task A_next_token_is_refused_for_another_status_filter()
    {
        for (var i = 0; i < 4; i++)
        {
            await _catalog.AddVideoAsync(Video($"v{i}", T0.AddMinutes(i)), None);
        }

        var first = await _catalog.ListVideosAsync(null, 2, null, None);

        var error = await Assert.ThrowsAsync<AppException>(() => _catalog.ListVideosAsync(VideoStatus.Ready, 2, first.Next, None));
        Assert.Equal("list-token-invalid", error.Code);
        Assert.Equal(2, (await _catalog.ListVideosAsync(null, 2, first.Next, None)).Items.Count);
    }

    [Fact]
    public async Task A_continuation_cosmos_rejects_is_an_invalid_token()
    {
        for (var i = 0; i < 4; i++)
        {
            await _catalog.AddVideoAsync(Video($"v{i}", T0.AddMinutes(i)), None);
        }

        // Well wrapped, but what it wraps is no continuation Cosmos DB issued.
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"S":"","C":"{\"forged\":true}"}"""));

        var error = await Assert.ThrowsAsync<AppException>(() => _catalog.ListVideosAsync(null, 2, forged, None));
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("list-token-invalid", error.Code);
    }

    [Fact]
    public async Task The_etag_is_the_items_cosmos_etag()
    {
        var videos = cosmos.Client.GetContainer(_options.DatabaseName, _options.VideosContainer);

        var added = await _catalog.AddVideoAsync(Video("v", T0), None);
        Assert.Equal(await StoredETagAsync(videos, "v"), added.ETag);

        var replaced = await _catalog.ReplaceVideoAsync(added with { Title = "Renamed" }, None);
        Assert.Equal(await StoredETagAsync(videos, "v"), replaced.ETag);
        Assert.Equal(replaced.ETag, (await _catalog.FindVideoAsync("v", None))!.ETag);

        // A write made behind the catalog's back changes the _etag, and the catalog's next replace loses.
        using (var response = await videos.UpsertItemStreamAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("""{"id":"v","title":"Elsewhere","uploadedBy":"admin","createdMs":0}""")), new PartitionKey("v")))
        {
            response.EnsureSuccessStatusCode();
        }

        await Assert.ThrowsAsync<ConcurrencyException>(() => _catalog.ReplaceVideoAsync(replaced with { Title = "Mine" }, None));
        Assert.Equal("Elsewhere", (await _catalog.FindVideoAsync("v", None))!.Title);
    }

    [Fact]
    public async Task Creating_the_containers_again_keeps_the_data_and_the_partition_keys()
    {
        await _catalog.AddVideoAsync(Video("kept", T0), None);

        await CosmosCatalog.CreateContainersAsync(cosmos.Client, _options, None);
        await CosmosCatalog.CreateContainersAsync(cosmos.Client, _options, None);

        Assert.NotNull(await _catalog.FindVideoAsync("kept", None));
        var expected = new Dictionary<string, string>
        {
            [_options.VideosContainer] = "/id",
            [_options.UsersContainer] = "/id",
            [_options.PositionsContainer] = "/userId",
            [_options.UploadsContainer] = "/id",
            [_options.ChunksContainer] = "/uploadId",
        };
        foreach (var (name, partitionKey) in expected)
        {
            ContainerProperties properties = await cosmos.Client.GetContainer(_options.DatabaseName, name).ReadContainerAsync();
            Assert.Equal(partitionKey, properties.PartitionKeyPath);
        }
    }

    [Fact]
    public async Task Ids_cosmos_cannot_hold_are_found_absent_and_refused_for_writes()
    {
        foreach (var id in new[] { "a/b", "a#b", "a?b", "a\\b", "", new string('x', 256) })
        {
            Assert.Null(await _catalog.FindVideoAsync(id, None));
            Assert.Null(await _catalog.FindUserAsync(id, None));
            Assert.Null(await _catalog.FindPositionAsync(id, "v", None));
            Assert.Empty(await _catalog.ListChunksAsync(id, None));
            await _catalog.DeleteVideoAsync(id, None);

            var error = await Assert.ThrowsAsync<AppException>(() => _catalog.AddVideoAsync(Video(id, T0), None));
            Assert.Equal("id-invalid", error.Code);
            await Assert.ThrowsAsync<AppException>(() => _catalog.UpsertUserAsync(new User(id, "N", UserRole.Viewer, T0), None));
        }
    }

    [Fact]
    public async Task Deleting_a_video_removes_the_positions_of_every_viewer()
    {
        await _catalog.AddVideoAsync(Video("popular", T0), None);
        await _catalog.AddVideoAsync(Video("other", T0), None);

        // More viewers than one page of deletes.
        var viewers = Enumerable.Range(0, 230).Select(i => $"viewer{i}").ToList();
        await Parallel.ForEachAsync(viewers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (viewer, ct) =>
        {
            await _catalog.SavePositionAsync(new WatchPosition(viewer, "popular", TimeSpan.FromSeconds(1), T0), ct);
            await _catalog.SavePositionAsync(new WatchPosition(viewer, "other", TimeSpan.FromSeconds(2), T0), ct);
        });

        await _catalog.DeleteVideoAsync("popular", None);

        var positions = cosmos.Client.GetContainer(_options.DatabaseName, _options.PositionsContainer);
        var left = new List<string>();
        using var iterator = positions.GetItemQueryIterator<string>("SELECT VALUE c.videoId FROM c");
        while (iterator.HasMoreResults)
        {
            left.AddRange(await iterator.ReadNextAsync());
        }

        Assert.Equal(viewers.Count, left.Count);
        Assert.All(left, videoId => Assert.Equal("other", videoId));
    }

    private static Video Video(string id, DateTimeOffset createdAt) => new()
    {
        Id = id,
        Title = "Title " + id,
        UploadedBy = "admin",
        Status = VideoStatus.Ready,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    private static async Task<string> StoredETagAsync(Container container, string id)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.id = @id").WithParameter("@id", id);
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(id) });
        using var response = await iterator.ReadNextAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await JsonDocument.ParseAsync(response.Content);
        return body.RootElement.GetProperty("Documents")[0].GetProperty("_etag").GetString()!;
    }
}
