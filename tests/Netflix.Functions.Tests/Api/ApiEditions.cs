using System.Net;
using System.Text;
using Netflix.Core.Search;
using Netflix.Core.Storage;
using Netflix.Core.Videos;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Api;

/// <summary>
/// Both editions with the same settings (tight per-viewer limits, a trusted country header, small upload chunks) and
/// the same data seeded through their own ports: a ready video with a master playlist and a search entry, a video
/// blocked in two countries, one whose rules the suite sets, and a viewer whose profile says France.
/// </summary>
public sealed class ApiEditions : IAsyncDisposable
{
    public const int PerMinute = 3;
    public const string CountryHeader = "X-Viewer-Country";

    public const string Ready = "conformance-ready";
    public const string Blocked = "conformance-blocked";
    public const string Rules = "conformance-rules";

    /// <summary>A video the pipeline gave up on; viewers cannot tell it from an unknown id.</summary>
    public const string Failed = "conformance-failed";

    /// <summary>A video whose first chunks are not transcoded yet.</summary>
    public const string Pending = "conformance-pending";

    /// <summary>A well-formed id no video has.</summary>
    public const string Missing = "AAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>A viewer whose profile country is France, where <see cref="Blocked"/> may not be watched.</summary>
    public const string Traveller = "conformance-traveller";

    public const string MasterPlaylist = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=520000,AVERAGE-BANDWIDTH=480000,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000
        240p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=210000,AVERAGE-BANDWIDTH=190000,RESOLUTION=256x144,CODECS="avc1.64000c,mp4a.40.2",FRAME-RATE=30.000
        144p/index.m3u8

        """;

    private ApiEditions(LocalEdition local, FunctionsEdition functions)
    {
        Local = local;
        Functions = functions;
    }

    public LocalEdition Local { get; }

    public FunctionsEdition Functions { get; }

    public IReadOnlyList<IApiEdition> Both => [Local, Functions];

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Limits:StreamPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:SearchPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Geo:CountryHeader"] = CountryHeader,
        ["Uploads:ChunkSize"] = "65536",
    };

    public static async Task<ApiEditions> StartAsync(Emulators emulators)
    {
        var local = await LocalEdition.StartAsync(Settings());
        var azure = await AzureEdition.StartAsync(emulators.Blobs, emulators.Cosmos, new Dictionary<string, string?>(Settings()) { ["WEBSITE_AUTH_ENABLED"] = "true" });

        // Completing an upload starts the app's real orchestrator; its activities answer at once.
        var activities = new ActivityFunctions(new StubActivities(chunks: 1).Registry());
        var durable = await DurableApp.StartAsync(typeof(ActivityFunctions).Assembly, _ => activities);
        var editions = new ApiEditions(local, new FunctionsEdition(azure, durable));

        // AI Search answers every query with the ready video, as the local index does for the suite's query.
        azure.Search.Reply = request => request.IsSearch
            ? (HttpStatusCode.OK, FakeSearchService.SearchResponse(1, FakeSearchService.Hit(Ready, Created, title: "Conformance clip", tags: ["conformance"], duration: 4)))
            : (HttpStatusCode.OK, FakeSearchService.IndexResponse());
        foreach (var edition in editions.Both)
        {
            await SeedAsync(edition);
        }

        return editions;
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        await Functions.DisposeAsync();
    }

    private static DateTimeOffset Created { get; } = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static async Task SeedAsync(IApiEdition edition)
    {
        var catalog = edition.Get<ICatalog>();
        Video[] videos =
        [
            ReadyVideo(Ready),
            ReadyVideo(Blocked) with { BlockedCountries = ["NO", "FR"] },
            ReadyVideo(Rules),
            ReadyVideo(Failed) with { Status = VideoStatus.Failed, FailureCode = "source-damaged", FailureReason = "The source is damaged.", Renditions = [] },
            ReadyVideo(Pending) with { Status = VideoStatus.Processing, Progress = new VideoProgress("transcoding", 0, 4, Playable: false), Renditions = [] },
        ];
        foreach (var video in videos)
        {
            await catalog.AddVideoAsync(video, CancellationToken.None);
        }

        await catalog.UpsertUserAsync(new User(Traveller, "Traveller", UserRole.Viewer, Created, "FR"), CancellationToken.None);
        foreach (var id in new[] { Ready, Blocked })
        {
            await using var playlist = new MemoryStream(Encoding.UTF8.GetBytes(MasterPlaylist));
            await edition.Get<IMediaStore>().PutAsync(StoreKeys.Media(id, "hls/master.m3u8"), playlist, CancellationToken.None);
        }

        if (edition is LocalEdition)
        {
            await edition.Get<ISearchIndex>().UpsertAsync(
                new SearchDocument(Ready, "Conformance clip", "Seeded for the suite.", ["conformance"], TimeSpan.FromSeconds(4), null, Created), CancellationToken.None);
        }
    }

    private static Video ReadyVideo(string id) => new()
    {
        Id = id,
        Title = "Conformance clip",
        Summary = "Seeded for the suite.",
        Tags = ["conformance"],
        UploadedBy = "conformance-admin",
        Status = VideoStatus.Ready,
        Duration = TimeSpan.FromSeconds(4),
        Renditions = [new RenditionInfo("240p", 426, 240, 400, "avc1.64001e"), new RenditionInfo("144p", 256, 144, 150, "avc1.64000c")],
        HasThumbnails = true,
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
