using System.Security.Cryptography;
using System.Text.Json;
using Netflix.Core.Playback;

namespace Netflix.Local.Auth;

/// <summary>Keys the host makes for itself on first start and keeps in the data folder, readable by its owner only.</summary>
public static class KeyFiles
{
    public static byte[] JwtKey(string keysFolder, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 32 ? key : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }

        var path = Path.Combine(keysFolder, "jwt.key");
        return Convert.FromBase64String(ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>Playback signing keys: the configured ones (first signs), or one made once and kept.</summary>
    public static IReadOnlyList<SigningKey> PlaybackKeys(string keysFolder, IReadOnlyList<PlaybackKeyOptions> configured)
    {
        if (configured.Count > 0)
        {
            return configured.Select(k => new SigningKey(k.Id, Convert.FromBase64String(k.Secret))).ToList();
        }

        var path = Path.Combine(keysFolder, "playback.json");
        var json = ReadOrCreate(path, () => JsonSerializer.Serialize(new[]
        {
            new PlaybackKeyOptions { Id = "k1", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        }));
        return JsonSerializer.Deserialize<PlaybackKeyOptions[]>(json)!.Select(k => new SigningKey(k.Id, Convert.FromBase64String(k.Secret))).ToList();
    }

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(content);
            return content;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first.
            return File.ReadAllText(path);
        }
    }
}

/// <summary>A playback signing key as configured: an id and a base64 secret.</summary>
public sealed class PlaybackKeyOptions
{
    public string Id { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;
}
