using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Netflix.Core.Videos;
using Netflix.Testing;

namespace Netflix.Local.Tests;

/// <summary>Per-caller rate limits on the hot read routes, and security headers.</summary>
[Trait("Report", "security")]
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

    [Fact]
    public async Task A_configured_origin_may_call_the_api_from_a_browser_and_others_may_not()
    {
        using var client = host.Client();

        using var preflight = await client.SendAsync(Preflight("/api/uploads/x/chunks/0", "https://studio.example.com", "PUT", "authorization, content-digest, content-type"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("https://studio.example.com", Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Contains("PUT", Header(preflight, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("content-digest", Header(preflight, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));

        using var foreign = await client.SendAsync(Preflight("/api/uploads/x/chunks/0", "https://evil.example.net", "PUT", "authorization"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        // The trusted country header is the edge's to set, never a cross-origin page's.
        using var country = await client.SendAsync(Preflight("/api/videos", "https://studio.example.com", "GET", "x-viewer-country"));
        Assert.False(country.Headers.Contains("Access-Control-Allow-Headers") && Header(country, "Access-Control-Allow-Headers").Contains("x-viewer-country", StringComparison.OrdinalIgnoreCase));

        using var viewer = host.Client(host.ViewerToken);
        using var allowed = await viewer.SendAsync(WithOrigin(HttpMethod.Get, "/api/search?q=x", "https://studio.example.com"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://studio.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("Retry-After", Header(allowed, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
        using var refused = await viewer.SendAsync(WithOrigin(HttpMethod.Get, "/api/search?q=x", "https://evil.example.net"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        // Pages are not for other origins to read; the CDN route is open to any player, as a CDN is.
        using var page = await client.SendAsync(WithOrigin(HttpMethod.Get, "/index.html", "https://studio.example.com"));
        Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"));
        using var cdn = await client.SendAsync(WithOrigin(HttpMethod.Get, "/cdn/nothing/master.m3u8", "https://evil.example.net"));
        Assert.Equal("*", Header(cdn, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://studio.example.com/app")]
    [InlineData("*")]
    [InlineData("studio.example.com")]
    [InlineData("ftp://studio.example.com")]
    public async Task A_host_configured_with_something_other_than_an_origin_refuses_to_start(string origin)
    {
        using var data = new TempFolder("netflix-cors");
        var settings = PlatformHost.Settings(data.Path);
        settings["Cors:AllowedOrigins:0"] = origin;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLocalHost();
        await using var app = builder.Build();
        app.UseLocalHost();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Cors:AllowedOrigins", refused.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = WithOrigin(HttpMethod.Options, path, origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HttpRequestMessage WithOrigin(HttpMethod method, string path, string origin)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : string.Empty;
}
