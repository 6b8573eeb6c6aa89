using System.Net;
using System.Security.Cryptography;

namespace Netflix.Local.Tests.BadInput;

/// <summary>What must still be true after any bad input: the host answers, and an accepted original is intact.</summary>
internal static class Aftercare
{
    public static async Task AssertHealthyAsync(PlatformHost host)
    {
        using var client = host.Client();
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Health {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The stored original of an accepted upload is byte-identical to what was sent, and inside the store.</summary>
    public static async Task AssertSourceKeptAsync(PlatformHost host, string videoId, byte[] sent)
    {
        var stored = Assert.Single(Directory.GetFiles(SourceFolder(host, videoId)));
        Assert.StartsWith(Path.Combine(host.DataDirectory, "store") + Path.DirectorySeparatorChar, Path.GetFullPath(stored), StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(sent), SHA256.HashData(await File.ReadAllBytesAsync(stored)));
    }

    public static string SourceFolder(PlatformHost host, string videoId) => Path.Combine(host.DataDirectory, "store", "sources", videoId);

    /// <summary>Every path under the data folder, so a test can show nothing landed outside the store.</summary>
    public static HashSet<string> Snapshot(string root)
        => Directory.Exists(root) ? [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)] : [];
}
