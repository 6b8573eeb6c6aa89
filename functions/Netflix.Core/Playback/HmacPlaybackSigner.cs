using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Netflix.Core.Playback;

public enum SignatureStatus
{
    Valid,
    Missing,
    Invalid,
    Expired,
}

/// <summary>A key for signing playback URLs; several can be active so keys rotate without breaking links in flight.</summary>
public sealed record SigningKey(string Id, byte[] Secret);

/// <summary>
/// Signs media URLs for the host's /cdn route with HMAC-SHA256 over the path, the expiry and any bound parameters:
/// <c>?exp=UNIX&amp;kid=ID[&amp;name=value…]&amp;sig=BASE64URL</c>. The first key signs; every key verifies.
/// </summary>
public sealed class HmacPlaybackSigner(IReadOnlyList<SigningKey> keys, string cdnBase, TimeProvider time) : IPlaybackSigner
{
    private static readonly HashSet<string> Reserved = ["exp", "kid", "sig"];

    public string Sign(string path, DateTimeOffset expires, IReadOnlyDictionary<string, string>? parameters = null, string? relativeTo = null)
    {
        var key = keys[0];
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bound = Canonical(parameters ?? new Dictionary<string, string>());
        var signature = Compute(key.Secret, path, exp, bound);
        var query = new StringBuilder().Append("exp=").Append(exp).Append("&kid=").Append(Uri.EscapeDataString(key.Id));
        if (bound.Length > 0)
        {
            query.Append('&').Append(bound);
        }

        query.Append("&sig=").Append(signature);
        var location = relativeTo is null ? $"{cdnBase}/{path}" : Relative(relativeTo, path);
        return $"{location}?{query}";
    }

    /// <summary>Checks a request for <paramref name="path"/>; on success returns the bound parameters.</summary>
    public SignatureStatus Verify(string path, IEnumerable<KeyValuePair<string, string>> query, out IReadOnlyDictionary<string, string> parameters)
        => Verify(path, query, out parameters, out _);

    /// <summary>Checks a request for <paramref name="path"/>; on success returns the bound parameters and the link's expiry.</summary>
    public SignatureStatus Verify(string path, IEnumerable<KeyValuePair<string, string>> query, out IReadOnlyDictionary<string, string> parameters, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            if (!values.TryAdd(name, value))
            {
                parameters = new Dictionary<string, string>();
                return SignatureStatus.Invalid;
            }
        }

        parameters = values.Where(p => !Reserved.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!values.TryGetValue("exp", out var exp) || !values.TryGetValue("kid", out var kid) || !values.TryGetValue("sig", out var sig))
        {
            return SignatureStatus.Missing;
        }

        var key = keys.FirstOrDefault(k => k.Id == kid);
        if (key is null || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return SignatureStatus.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(key.Secret, path, exp, Canonical(parameters)));
        var given = Encoding.ASCII.GetBytes(sig);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return SignatureStatus.Invalid;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expires, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return time.GetUtcNow().ToUnixTimeSeconds() > expires ? SignatureStatus.Expired : SignatureStatus.Valid;
    }

    private static string Canonical(IReadOnlyDictionary<string, string> parameters)
        => string.Join('&', parameters
            .Where(p => !Reserved.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static string Compute(byte[] secret, string path, string exp, string bound)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{path}\n{exp}\n{bound}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The path of <paramref name="path"/> relative to the folder of <paramref name="from"/> (both media paths).</summary>
    private static string Relative(string from, string path)
    {
        var folder = from.Contains('/', StringComparison.Ordinal) ? from[..(from.LastIndexOf('/') + 1)] : string.Empty;
        return path.StartsWith(folder, StringComparison.Ordinal)
            ? path[folder.Length..]
            : string.Concat(Enumerable.Repeat("../", folder.Count(c => c == '/'))) + path;
    }
}
