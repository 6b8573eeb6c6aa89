using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netflix.Azure.Catalog;
using Netflix.Azure.Playback;
using Netflix.Azure.Storage;
using Netflix.Azure.Tests.Fixtures;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Startup;

/// <summary>
/// The start-up work (containers, database, index, delegation key) against Azurite taking Entra tokens, the Cosmos DB
/// stand-in and AI Search's HTTP contract, on a clock where waiting is free: refusals a role assignment on its way
/// explains are waited out with a capped doubling pause, anything else fails the start at once.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class AzureStartupTests(EntraAzuriteFixture azurite, CosmosFixture cosmos) : IClassFixture<EntraAzuriteFixture>, IDisposable
{
    private static readonly AzureStartupOptions Patience = new()
    {
        AccessWait = TimeSpan.FromMinutes(5),
        FirstRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetryDelay = TimeSpan.FromMinutes(1),
    };

    private readonly AdvancingClock _clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger<AzureStartup> _log = new();
    private readonly HttpClient _blobHttp = azurite.CreateHttpClient();
    private readonly SocketsHttpHandler _cosmosHttp = StandInHandler();

    public void Dispose()
    {
        _blobHttp.Dispose();
        _cosmosHttp.Dispose();
    }

    [Fact]
    public async Task Storage_refusing_the_identity_at_first_is_waited_out_with_a_doubling_pause()
    {
        var identity = new NotYetGranted(new FakeEntraCredential(), _clock, _clock.Start.AddSeconds(45));
        await using var platform = Platform(blobIdentity: identity);

        await platform.Startup.StartAsync(CancellationToken.None);

        // Refused at 0, 2, 6, 14 and 30 s; the try at 62 s is the first after the grant.
        Assert.Equal([2, 4, 8, 16, 32], _clock.Waits.Select(w => w.TotalSeconds));
        Assert.True(identity.Refused >= 5);
        var good = azurite.CreateService();
        Assert.True(await good.GetBlobContainerClient(platform.Store.Uploads.Name).ExistsAsync());
        Assert.True(await good.GetBlobContainerClient(platform.Store.Media.Name).ExistsAsync());
        Assert.NotNull(platform.Keys.Current);
        var warnings = _log.At(LogLevel.Warning);
        Assert.Equal(5, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("blob containers step was refused (403 AuthenticationFailed)", w, StringComparison.Ordinal));
        Assert.Contains("blob containers step succeeded on try 6, 00:01:02", Assert.Single(_log.At(LogLevel.Information)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_that_outlasts_the_wait_fails_the_start_when_the_wait_is_over()
    {
        var identity = new NotYetGranted(new FakeEntraCredential(), _clock, DateTimeOffset.MaxValue);
        await using var platform = Platform(blobIdentity: identity);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => platform.Startup.StartAsync(CancellationToken.None));

        // 2, 4, 8, 16, 32, then the cap; the last pause ends exactly at the five minutes, where one more try is refused.
        Assert.Equal([2, 4, 8, 16, 32, 60, 60, 60, 58], _clock.Waits.Select(w => w.TotalSeconds));
        Assert.Equal(Patience.AccessWait, _clock.Elapsed);
        Assert.Equal(403, Assert.IsType<RequestFailedException>(error.InnerException).Status);
        Assert.Contains("blob containers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Startup:AccessWait", error.Message, StringComparison.Ordinal);
        Assert.Contains("still refused on try 10", Assert.Single(_log.At(LogLevel.Error)), StringComparison.Ordinal);
        Assert.False(await azurite.CreateService().GetBlobContainerClient(platform.Store.Uploads.Name).ExistsAsync());
    }

    [Fact]
    public async Task An_identity_with_no_token_yet_is_waited_for_through_the_cosmos_client()
    {
        var identity = new UnavailableUntil(new FakeEntraCredential(), _clock, _clock.Start.AddSeconds(5));
        await using var platform = Platform(cosmosIdentity: identity);

        await platform.Startup.StartAsync(CancellationToken.None);

        Assert.Equal([2, 4], _clock.Waits.Select(w => w.TotalSeconds));
        var warnings = _log.At(LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("Cosmos DB containers step was refused (no token from the identity: AuthenticationFailedException)", w, StringComparison.Ordinal));
        var database = cosmos.Client.GetDatabase(platform.Database);
        Assert.Equal(new CosmosCatalogOptions().VideosContainer, (await database.GetContainer(new CosmosCatalogOptions().VideosContainer).ReadContainerAsync()).Resource.Id);
    }

    [Fact]
    public async Task An_identity_with_no_token_yet_is_waited_for_through_the_blob_client_and_its_retries()
    {
        var identity = new UnavailableUntil(new FakeEntraCredential(), _clock, _clock.Start.AddSeconds(1));
        await using var platform = Platform(blobIdentity: identity, blobRetries: 2);

        await platform.Startup.StartAsync(CancellationToken.None);

        Assert.Equal([2], _clock.Waits.Select(w => w.TotalSeconds));
        Assert.Contains("blob containers step was refused (no token from the identity: AuthenticationFailedException)", Assert.Single(_log.At(LogLevel.Warning)), StringComparison.Ordinal);
        Assert.True(await azurite.CreateService().GetBlobContainerClient(platform.Store.Media.Name).ExistsAsync());
    }

    [Fact]
    public async Task The_search_service_refusing_the_index_at_first_is_waited_out()
    {
        await using var platform = Platform();
        var refusals = 2;
        platform.Search.Reply = request => Interlocked.Decrement(ref refusals) >= 0
            ? (HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"Authorization failed."}}""")
            : (HttpStatusCode.Created, request.Body!);

        await platform.Startup.StartAsync(CancellationToken.None);

        Assert.Equal([2, 4], _clock.Waits.Select(w => w.TotalSeconds));
        Assert.Equal(3, platform.Search.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(2, _log.At(LogLevel.Warning).Count(w => w.Contains("search index step was refused (403 Forbidden)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_setting_fails_the_start_at_the_first_try()
    {
        await using var platform = Platform();
        platform.Search.Reply = _ => (HttpStatusCode.BadRequest, """{"error":{"code":"InvalidRequestParameter","message":"The index name is not valid."}}""");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => platform.Startup.StartAsync(CancellationToken.None));

        Assert.Equal(400, error.Status);
        Assert.Empty(_clock.Waits);
        Assert.Empty(_log.Entries);
        Assert.Single(platform.Search.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task No_wait_at_all_fails_at_the_first_refusal()
    {
        var identity = new NotYetGranted(new FakeEntraCredential(), _clock, DateTimeOffset.MaxValue);
        await using var platform = Platform(blobIdentity: identity, patience: new AzureStartupOptions { AccessWait = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => platform.Startup.StartAsync(CancellationToken.None));

        Assert.IsType<RequestFailedException>(error.InnerException);
        Assert.Empty(_clock.Waits);
        Assert.Equal(1, identity.Refused);
    }

    [Fact]
    public async Task Stopping_the_host_during_a_wait_ends_the_start_without_a_wrapped_error()
    {
        using var stopping = new CancellationTokenSource();
        var identity = new CancelOnRefusal(new NotYetGranted(new FakeEntraCredential(), _clock, DateTimeOffset.MaxValue), stopping, afterRefusals: 3);
        await using var platform = Platform(blobIdentity: identity);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => platform.Startup.StartAsync(stopping.Token));

        Assert.True(_clock.Waits.Count <= 3);
        Assert.Empty(_log.At(LogLevel.Error));
    }

    private TestPlatform Platform(TokenCredential? blobIdentity = null, TokenCredential? cosmosIdentity = null, AzureStartupOptions? patience = null, int blobRetries = 0)
    {
        var blobOptions = new BlobClientOptions { Transport = new HttpClientTransport(_blobHttp) };
        blobOptions.Retry.MaxRetries = blobRetries;
        blobOptions.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var blobs = new BlobServiceClient(azurite.BlobEndpoint, blobIdentity ?? new FakeEntraCredential(), blobOptions);
        var store = new BlobMediaStore(blobs, new BlobStoreOptions
        {
            ServiceUri = azurite.BlobEndpoint,
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
        });
        var keys = new UserDelegationKeyCache(blobs, new SasPlaybackOptions(), TimeProvider.System, NullLogger<UserDelegationKeyCache>.Instance);

        var cosmosOptions = new CosmosCatalogOptions { DatabaseName = CosmosFixture.NewDatabaseName("startup") };
        var cosmosClient = new CosmosClient(cosmos.Endpoint.ToString(), cosmosIdentity ?? new UnavailableUntil(new FakeEntraCredential(), _clock, _clock.Start), new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(_cosmosHttp, disposeHandler: false),
            RequestTimeout = TimeSpan.FromSeconds(10),
        });

        var search = new FakeSearchService { Reply = request => (HttpStatusCode.Created, request.Body!) };
        var startup = new AzureStartup(
            store, cosmosClient, Options.Create(cosmosOptions), search.Index(), keys, Options.Create(patience ?? Patience), _clock, _log);
        return new TestPlatform(startup, store, keys, search, cosmosClient, cosmos, cosmosOptions.DatabaseName);
    }

    /// <summary>The stand-in's own self-signed certificate, trusted by these clients only, as CosmosFixture's are.</summary>
    private static SocketsHttpHandler StandInHandler()
    {
        const string Relative = "tests/Netflix.Azure.Tests/node_modules/@vercel/cosmosdb-server/cert.pem";
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, Relative)))
        {
            folder = folder.Parent;
        }

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(
            folder?.FullName ?? throw new InvalidOperationException($"No {Relative}: run `npm ci` in tests/Netflix.Azure.Tests."), Relative)));
        var pinned = certificate.RawData;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(pinned),
            },
        };
    }

    private sealed class TestPlatform(
        AzureStartup startup, BlobMediaStore store, UserDelegationKeyCache keys, FakeSearchService search, CosmosClient cosmosClient, CosmosFixture cosmos, string database)
        : IAsyncDisposable
    {
        public AzureStartup Startup => startup;

        public BlobMediaStore Store => store;

        public UserDelegationKeyCache Keys => keys;

        public FakeSearchService Search => search;

        public string Database => database;

        public async ValueTask DisposeAsync()
        {
            await keys.DisposeAsync();
            cosmosClient.Dispose();
            search.Dispose();
            await cosmos.DeleteDatabaseAsync(database);
        }
    }

    /// <summary>Cancels <paramref name="stopping"/> once the service has refused this many of the identity's tokens: the host stopping mid-wait.</summary>
    private sealed class CancelOnRefusal(NotYetGranted identity, CancellationTokenSource stopping, int afterRefusals) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var token = identity.GetToken(requestContext, cancellationToken);
            if (identity.Refused >= afterRefusals)
            {
                stopping.Cancel();
            }

            return token;
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
