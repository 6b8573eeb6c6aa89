using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;
using Netflix.Testing;

using static Netflix.Local.Tests.EndToEnd.HostApi;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>
/// The host process logging everything it can (Trace) through an upload, playback, refused and malformed requests: its
/// log names the requests it served but never a bearer token, a URL signature, a key or a key's thumbprint.
/// </summary>
[Trait("Report", "security")]
public sealed partial class LogSecrecyTests : IDisposable
{
    private readonly TempFolder _data = new("netflix-logs");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Tokens_signatures_and_keys_never_reach_the_log_even_at_trace_level()
    {
        var clip = TestTools.MakeClip(_data.Combine("clip.mp4"), "320x180", 2);
        var data = _data.Combine("data");
        await using var host = new HostProcess(data, [.. HostProcess.SmallLadder, "--Logging:LogLevel:Default=Trace", "--Logging:Console:FormatterName=simple"]);
        await host.StartAsync();
        var adminToken = host.MintToken("ada", "admin");
        var viewerToken = host.MintToken("vic", "viewer");
        using var admin = Client(host, adminToken);
        using var viewer = Client(host, viewerToken);

        var id = await ChunkedUpload.UploadAsync(admin, clip, "Quiet harbour", "logs");
        Assert.Equal("ready", (await WaitAsync(admin, id, v => v.Status is "ready" or "failed", TimeSpan.FromMinutes(2))).Status);

        // Playback through signed URLs, as a player does.
        var link = (await viewer.GetFromJsonAsync<LinkDto>(new Uri($"/api/videos/{id}/stream", UriKind.Relative)))!;
        using var anonymous = new HttpClient();
        var signed = new List<Uri> { new(link.Url) };
        var master = await anonymous.GetStringAsync(signed[0]);
        signed.Add(new Uri(signed[0], master.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'))));
        var media = await anonymous.GetStringAsync(signed[1]);
        signed.Add(new Uri(signed[1], media.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'))));
        using (var segment = await anonymous.GetAsync(signed[2]))
        {
            Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        }

        // Refused requests: a tampered signature, a forged token, a token sent where it does not belong.
        var tampered = new Uri(signed[0].ToString().Replace("sig=", "sig=AAAA", StringComparison.Ordinal));
        using (var refused = await anonymous.GetAsync(tampered))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var forged = viewerToken[..^6] + "AAAAAA";
        using (var forgedClient = Client(host, forged))
        using (var refused = await forgedClient.GetAsync(new Uri("/api/videos", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, $"/api/videos?access_token={adminToken}")))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
            using var refused = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Malformed requests that carry a valid signature or a token where Kestrel quotes what it refuses: a bad
        // request line, a bad request target, a bad header line. Each gets Kestrel's 400, and nothing of it in the log.
        var valid = signed[2].PathAndQuery;
        var malformed = new[]
        {
            $"GET {valid}\r\nHost: x\r\n\r\n",
            $"GET {valid}\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
            $"GET {valid} HTTP/1.1 trailing\r\nHost: x\r\n\r\n",
            $"GET /api/videos HTTP/1.1\r\nHost: x\r\nAuthorization : Bearer {adminToken}\r\n\r\n",
            $"GET /api/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {adminToken}\r\nX-Broken {viewerToken}\r\n\r\n",
        };
        foreach (var request in malformed)
        {
            Assert.StartsWith("HTTP/1.1 400", await SendRawAsync(host, request), StringComparison.Ordinal);
        }

        await host.StopAsync();
        var log = host.Log;

        // The log is real and detailed: it names the routes served, the video and the refusals.
        Assert.Contains($"/cdn/{id}/", log, StringComparison.Ordinal);
        Assert.Contains("/api/uploads", log, StringComparison.Ordinal);
        Assert.Contains("dbug:", log, StringComparison.Ordinal);
        Assert.Contains("sig=" + Netflix.Local.Api.RequestLog.Masked, log, StringComparison.Ordinal);
        Assert.Contains("access_token=" + Netflix.Local.Api.RequestLog.Masked, log, StringComparison.Ordinal);
        Assert.Contains("StatusCode: 403", log, StringComparison.Ordinal);

        var secrets = new Dictionary<string, string>
        {
            ["admin token"] = adminToken,
            ["viewer token"] = viewerToken,
            ["forged token"] = forged,
            ["admin token signature"] = adminToken.Split('.')[2],
            ["jwt key"] = File.ReadAllText(Path.Combine(data, "keys", "jwt.key")).Trim(),
        };

        // What token validation would print of the signing key: its JWK thumbprint, as the key's id says it.
        var jwtKey = new SymmetricSecurityKey(Convert.FromBase64String(secrets["jwt key"]));
        secrets["jwt key thumbprint"] = Base64UrlEncoder.Encode(jwtKey.ComputeJwkThumbprint());
        secrets["jwt key thumbprint (base64)"] = Convert.ToBase64String(jwtKey.ComputeJwkThumbprint());
        foreach (var key in JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "keys", "playback.json"))).RootElement.EnumerateArray())
        {
            secrets["playback key " + key.GetProperty("Id").GetString()] = key.GetProperty("Secret").GetString()!;
        }

        foreach (var url in signed.Append(tampered))
        {
            var signature = SignatureParameter().Match(url.Query).Groups[1].Value;
            Assert.True(signature.Length >= 16, url.ToString());
            secrets["signature of " + url.AbsolutePath] = Uri.UnescapeDataString(signature);
            secrets["escaped signature of " + url.AbsolutePath] = signature;
        }

        var leaked = secrets.Where(s => log.Contains(s.Value, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        Assert.True(leaked.Count == 0, "In the log: " + string.Join(", ", leaked));
    }

    /// <summary>Sends bytes as they are, past any client's checks, and returns the start of the answer.</summary>
    private static async Task<string> SendRawAsync(HostProcess host, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var answer = new byte[512];
        var read = await stream.ReadAsync(answer);
        return Encoding.Latin1.GetString(answer, 0, read);
    }

    [GeneratedRegex("[?&]sig=([^&]+)")]
    private static partial Regex SignatureParameter();
}
