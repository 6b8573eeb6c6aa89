using System.Net;
using Netflix.Testing;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>The built host started from a folder of its own, as `dotnet path/to/Netflix.Local.dll` is.</summary>
public sealed class StartFolderTests : IDisposable
{
    private readonly TempFolder _folder = new("netflix-elsewhere");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Started_from_any_folder_the_host_serves_its_pages_and_keeps_its_data_there()
    {
        await using var host = new HostProcess(Path.Combine(_folder.Path, ".data"), "--Logging:LogLevel:Default=Warning")
        {
            WorkingDirectory = _folder.Path,
            DefaultDataFolder = true,
        };
        await host.StartAsync();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/watch.html", "text/html"), ("/js/browse.js", "text/javascript"), ("/lib/hls.min.js", "text/javascript"), ("/favicon.ico", "image/x-icon") })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using var icon = await client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);

        // The data folder is .data under the folder the host was started in.
        Assert.True(File.Exists(Path.Combine(_folder.Path, ".data", "catalog.db")), "no .data/catalog.db under the start folder");
    }
}
