using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Core.Videos;
using Netflix.Local.Auth;
using Netflix.Testing;

namespace Netflix.Local.Tests;

/// <summary>
/// The one-machine host, started in this process on a free 127.0.0.1 port with its own data folder and a small, fast
/// ladder; stopped (and its folder removed) when the tests are done.
/// </summary>
public sealed class PlatformHost : IAsyncLifetime
{
    private readonly Lazy<Task<VideoDto>> _readyVideo;

    public PlatformHost() => _readyVideo = new(() => UploadReadyAsync(Clip, "Stream me", "streaming"));

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "netflix-host-" + Guid.NewGuid().ToString("N")[..8]);

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string AdminToken { get; private set; } = string.Empty;

    public string ViewerToken { get; private set; } = string.Empty;

    /// <summary>A 4 s, 426x240, 30 fps clip with stereo audio.</summary>
    public string Clip { get; private set; } = string.Empty;

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        Clip = Path.Combine(DataDirectory, "clip.mp4");
        TestTools.FFmpeg(
            "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=30:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac", "-shortest", Clip);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(Settings(DataDirectory));
        builder.AddLocalHost();
        App = builder.Build();
        App.UseLocalHost();
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());

        AdminToken = await TokenAsync("admin-1", UserRole.Admin);
        ViewerToken = await TokenAsync("viewer-1", UserRole.Viewer);
    }

    public async Task<string> TokenAsync(string userId, UserRole role)
    {
        var user = await Get<ICatalog>().UpsertUserAsync(new User(userId, userId, role, DateTimeOffset.UtcNow), CancellationToken.None);
        return Get<TokenIssuer>().Issue(user);
    }

    /// <summary>
    /// One ready video made from <see cref="Clip"/>, uploaded on first use and shared by the tests that only read it
    /// (stream links, playlists, bad stream options); tests that change a video upload their own.
    /// </summary>
    public Task<VideoDto> ReadyVideoAsync() => _readyVideo.Value;

    /// <summary>Uploads a file in one go and waits until the pipeline has finished with it.</summary>
    public async Task<VideoDto> UploadAndWaitAsync(string path, string title, string tags, string? token = null)
    {
        using var client = Client(token ?? AdminToken);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(title), "title" },
            { new StringContent("A test video."), "description" },
            { new StringContent(tags), "tags" },
            { new StreamContent(File.OpenRead(path)), "data", Path.GetFileName(path) },
        };
        using var response = await client.PostAsync(new Uri("/api/videos", UriKind.Relative), form);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var video = (await response.Content.ReadFromJsonAsync<VideoDto>())!;
        return await WaitForAsync(video.Id, v => v.Status is "ready" or "failed");
    }

    private async Task<VideoDto> UploadReadyAsync(string path, string title, string tags)
    {
        var video = await UploadAndWaitAsync(path, title, tags);
        return video.Status == "ready" ? video : throw new InvalidOperationException($"The shared video did not become ready: {video}");
    }

    public async Task<VideoDto> WaitForAsync(string id, Func<VideoDto, bool> done, TimeSpan? patience = null)
    {
        using var client = Client(AdminToken);
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var video = (await client.GetFromJsonAsync<VideoDto>(new Uri($"/api/videos/{id}", UriKind.Relative)))!;
            if (done(video) || DateTime.UtcNow > deadline)
            {
                return video;
            }

            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Configuration for a test host: a free loopback port and a two-rung ladder with 1 s segments.</summary>
    public static Dictionary<string, string?> Settings(string dataDirectory) => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Local:DataDirectory"] = dataDirectory,
        ["Local:WorkerSlots"] = "2",
        ["Uploads:ChunkSize"] = "65536",
        ["Uploads:MaxUploadBytes"] = "67108864",
        ["Uploads:MaxOneShotBytes"] = "16777216",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Geo:CountryHeader"] = "X-Viewer-Country",
        ["Cors:AllowedOrigins:0"] = "https://studio.example.com",
        ["Media:SegmentDuration"] = "00:00:01",
        ["Media:ChunkDuration"] = "00:00:02",
        ["Media:FirstChunkDuration"] = "00:00:01",
        ["Media:Ladder:0:Name"] = "240p",
        ["Media:Ladder:0:Height"] = "240",
        ["Media:Ladder:0:BitrateKbps"] = "400",
        ["Media:Ladder:1:Name"] = "144p",
        ["Media:Ladder:1:Height"] = "144",
        ["Media:Ladder:1:BitrateKbps"] = "150",
        ["Media:Thumbnails:TileColumns"] = "4",
        ["Media:Thumbnails:TileRows"] = "2",
        ["Media:Thumbnails:MinInterval"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<PlatformHost>
{
    public const string Name = "host";
}

public sealed record ProgressDto(string Stage, int Done, int Total, bool Playable);

public sealed record FailureDto(string Code, string Reason);

public sealed record RenditionDto(string Name, int Width, int Height, int BitrateKbps, string Codec);

public sealed record VideoDto(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> Tags,
    double? Duration,
    string? Rating,
    string UploadedBy,
    string Status,
    ProgressDto? Progress,
    FailureDto? Failure,
    string? ThumbnailUrl,
    IReadOnlyList<RenditionDto> Renditions);

public sealed record ProblemDto(int Status, string Title, string Detail, string Code, Dictionary<string, string[]>? Errors);

public sealed record LinkDto(string VideoId, string Url, DateTimeOffset ExpiresAt, string Codec, string Resolution, double StartAt, bool Complete, string? PosterUrl, string? StoryboardUrl);

public sealed record UploadDto(
    string UploadId, string VideoId, string State, long Size, int ChunkSize, int ChunkCount, IReadOnlyList<int> Received, IReadOnlyList<ChunkRangeDto> Missing, int MissingCount, string? Sha256)
{
    /// <summary>The missing chunks' indexes, from the status's ranges.</summary>
    public IEnumerable<int> MissingChunks => Missing.SelectMany(range => Enumerable.Range(range.From, range.To - range.From + 1));
}

public sealed record ChunkRangeDto(int From, int To);
