using System.Net;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests;

/// <summary>Per-caller rate limits on the hot read routes, and security headers.</summary>
[Collection(HostCollection.Name)]
public sealed class ProtectionTests(PlatformHost host)
{
    [Fact]
    public async Task A_caller_searching_too_fast_is_slowed_down_alone()
    {
        using var greedy = host.Client(await host.TokenAsync("greedy", UserRole.Viewer));
        using var patient = host.Client(await host.TokenAsync("patient", UserRole.Viewer));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 700 && refused is null; i++)
        {
            var response = await greedy.GetAsync(new Uri("/api/search?q=x", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 590, $"{statuses.Count(s => s == HttpStatusCode.OK)} searches passed before the limit");
        Assert.True(refused!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await Problems.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Dispose();
        using var other = await patient.GetAsync(new Uri("/api/search?q=x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_policy_and_every_response_the_basic_headers()
    {
        using var client = host.Client();

        using var page = await client.GetAsync(new Uri("/watch.html", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/health/live", UriKind.Relative));

        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(',', api.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(',', page.Headers.GetValues("X-Frame-Options")));
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }
}
