using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Hosting.Api;

namespace Netflix.Functions.Tests.Api;

/// <summary>An /api route that exists on one edition only is a defect: both must offer the same methods on the same templates.</summary>
[Collection(EmulatorsCollection.Name)]
public sealed partial class RouteParityTests(Emulators emulators)
{
    [Fact]
    public async Task Every_api_route_is_on_both_editions_with_the_same_methods()
    {
        var local = await LocalRoutesAsync(emulators);
        var azure = FunctionsEdition.HttpFunctions
            .SelectMany(f => (f.Trigger.Methods ?? ["*"]).Select(m => Route(m, $"{FunctionsEdition.RoutePrefix}/{f.Trigger.Route}")))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(local);
        Assert.Equal(local.Except(azure), azure.Except(local));
        Assert.Equal(local, azure);
    }

    [Fact]
    public void The_functions_host_puts_the_routes_under_the_api_prefix()
    {
        // host.json may move every route with extensions.http.routePrefix; the app relies on the default.
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        var prefix = host["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";

        Assert.Equal(ApiRoutes.Prefix, prefix);
        Assert.Equal(ApiRoutes.Prefix, FunctionsEdition.RoutePrefix);
    }

    [Fact]
    public void Every_http_function_returns_a_result_the_worker_executes()
    {
        foreach (var (function, _) in FunctionsEdition.HttpFunctions)
        {
            var returned = function.Method.ReturnType;
            var result = returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(Task<>) ? returned.GetGenericArguments()[0] : returned;
            Assert.True(typeof(Microsoft.AspNetCore.Http.IResult).IsAssignableFrom(result), $"{function.Name} returns {returned.Name}");
            Assert.True(result.IsGenericType && result.GetGenericArguments().Contains(typeof(ProblemResult)), $"{function.Name} can not refuse with a problem: {result.Name}");
        }
    }

    [Fact]
    public void Every_route_is_in_the_conformance_suite()
    {
        var untested = FunctionsEdition.HttpFunctions
            .Where(f => !ApiCases.All.Any(c => FunctionsEdition.Route(c.Request.Method, c.Request.Path)?.Function == f.Function))
            .Select(f => f.Function.Name)
            .ToList();

        Assert.Empty(untested);
    }

    /// <summary>The local host's /api routes, as <see cref="Route"/> writes them, in order.</summary>
    internal static async Task<List<string>> LocalRoutesAsync(Emulators emulators)
    {
        var editions = await emulators.EditionsAsync();
        return editions.Local.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith($"/{FunctionsEdition.RoutePrefix}/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => Route(m, e.RoutePattern.RawText!)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"GET api/videos/{id}": the method in capitals and the template without its leading slash or a double-star catch-all.</summary>
    internal static string Route(string method, string template)
        => $"{method.ToUpperInvariant()} {DoubleStar().Replace(template.TrimStart('/'), "{*")}";

    [GeneratedRegex(@"\{\*\*")]
    private static partial Regex DoubleStar();
}
