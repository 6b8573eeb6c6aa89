using System.Net;
using System.Net.Http.Headers;
using Netflix.Core.Videos;

namespace Netflix.Local.Tests;

[Trait("Report", "security")]
[Collection(HostCollection.Name)]
public sealed class AuthTests(PlatformHost host)
{
    [Theory]
    [InlineData("GET", "/api/videos")]
    [InlineData("GET", "/api/videos/abc")]
    [InlineData("GET", "/api/videos/abc/stream")]
    [InlineData("GET", "/api/search?q=x")]
    [InlineData("POST", "/api/uploads")]
    [InlineData("PUT", "/api/uploads/abc/chunks/0")]
    [InlineData("GET", "/api/videos/abc/watch-progress")]
    public async Task Every_api_route_needs_a_token(string method, string path)
    {
        using var client = host.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, "auth-required");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_forged_or_garbled_token_is_refused()
    {
        using var client = host.Client();
        var forged = host.AdminToken[..^4] + (host.AdminToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        foreach (var token in new[] { forged, "not-a-jwt", string.Empty.PadLeft(5000, 'x') })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, "auth-invalid-token");
        }
    }

    [Theory]
    [InlineData("POST", "/api/uploads")]
    [InlineData("POST", "/api/videos")]
    [InlineData("POST", "/api/videos/abc/reprocess")]
    [InlineData("DELETE", "/api/videos/abc")]
    [InlineData("GET", "/api/uploads/abc")]
    public async Task A_viewer_cannot_upload_reprocess_or_delete(string method, string path)
    {
        using var client = host.Client(host.ViewerToken);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

        await Problems.AssertAsync(response, HttpStatusCode.Forbidden, "auth-forbidden");
    }

    [Fact]
    public async Task A_token_stops_working_when_its_user_loses_the_role()
    {
        var token = await host.TokenAsync("demoted", UserRole.Admin);
        await host.TokenAsync("demoted", UserRole.Viewer);
        using var client = host.Client(token);

        using var response = await client.GetAsync(new Uri("/api/videos", UriKind.Relative));

        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, "auth-invalid-token");
    }

    [Fact]
    public async Task Health_and_the_openapi_document_are_public()
    {
        using var client = host.Client();

        var health = await client.GetStringAsync(new Uri("/api/health", UriKind.Relative));
        var live = await client.GetStringAsync(new Uri("/api/health/live", UriKind.Relative));
        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("\"status\":\"healthy\"", health, StringComparison.Ordinal);
        Assert.Contains("\"media-tools\"", health, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"healthy\"", live, StringComparison.Ordinal);
        Assert.DoesNotContain("\"media-tools\"", live, StringComparison.Ordinal);
        foreach (var route in new[] { "/api/uploads", "/api/uploads/{id}/chunks/{index}", "/api/videos/{id}/stream", "/api/search", "/api/videos/{id}/watch-progress" })
        {
            Assert.Contains($"\"{route}\"", openApi, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_not_a_blank_page()
    {
        using var client = host.Client(host.AdminToken);

        using var response = await client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        await Problems.AssertAsync(response, HttpStatusCode.NotFound, "not-found");
    }
}
