namespace Netflix.Functions.Tests.Api;

/// <summary>What "the same answer" means across editions: status, problem code, body shape and the headers a client acts on.</summary>
public static class Conformance
{
    /// <summary>The answer is the one the suite expects, on this edition.</summary>
    public static void Expect(string edition, string step, ApiAnswer answer, int status, string? code)
    {
        Assert.True(answer.Status == status, $"{edition}, {step}: expected {status} {code}, got {answer}");
        Assert.True(answer.Code == code, $"{edition}, {step}: expected code {code ?? "(none)"}, got {answer}");
        if (code is not null)
        {
            Assert.Equal("application/problem+json", answer.MediaType);
        }
    }

    /// <summary>A sequence of steps sent to both editions: each answered as expected, and alike.</summary>
    public static void Steps(ApiEditions editions, IReadOnlyList<(string Step, int Status, string? Code)> expected, IReadOnlyList<ApiAnswer> local, IReadOnlyList<ApiAnswer> azure)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            var (step, status, code) = expected[i];
            Expect(editions.Local.Name, step, local[i], status, code);
            Expect(editions.Functions.Name, step, azure[i], status, code);
            Alike(step, local[i], azure[i]);
        }
    }

    /// <summary>Both editions answered alike.</summary>
    /// <param name="localOnly">Dotted body paths only the local host has.</param>
    public static void Alike(string step, ApiAnswer local, ApiAnswer azure, IReadOnlyList<string>? localOnly = null)
    {
        var because = $"{step}\n  local host:    {local}\n  Functions app: {azure}";
        Assert.True(local.Status == azure.Status, $"status differs: {because}");
        Assert.True(local.Code == azure.Code, $"problem code differs: {because}");
        Assert.True(local.MediaType == azure.MediaType, $"content type differs: {because}");
        Assert.True(local.Shape(localOnly) == azure.Shape(), $"body shape differs:\n  local host:    {local.Shape(localOnly)}\n  Functions app: {azure.Shape()}\n{because}");
        foreach (var header in new[] { "WWW-Authenticate", "Cache-Control" })
        {
            Assert.True(local.Header(header) == azure.Header(header), $"{header} differs ('{local.Header(header)}' and '{azure.Header(header)}'): {because}");
        }

        // A wait counts whole seconds from when each edition was asked, a moment apart: a second's difference is the
        // clock moving on between the two requests, not a different rule.
        var (localWait, azureWait) = (local.Header("Retry-After"), azure.Header("Retry-After"));
        Assert.True(
            localWait == azureWait || (int.TryParse(localWait, out var l) && int.TryParse(azureWait, out var a) && Math.Abs(l - a) <= 1),
            $"Retry-After differs ('{localWait}' and '{azureWait}'): {because}");

        Assert.True(local.Location == azure.Location, $"Location differs ('{local.Location}' and '{azure.Location}'): {because}");
    }
}
