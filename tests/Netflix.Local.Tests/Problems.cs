using System.Net;
using System.Net.Http.Json;

namespace Netflix.Local.Tests;

internal static class Problems
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Asserts an RFC 7807 response with the given status and stable code, and returns it.</summary>
    public static async Task<ProblemDto> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(body, Web)!;
        Assert.Equal(code, problem.Code);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }

    public static Task<ProblemDto> AssertAsync(Task<HttpResponseMessage> response, HttpStatusCode status, string code)
        => response.ContinueWith(r => AssertAsync(r.Result, status, code)).Unwrap();

    public static HttpContent Json(object value) => JsonContent.Create(value);
}
