using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Azure.Auth;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Api;

/// <summary>
/// The Functions app's HTTP functions called as the worker calls them: the function whose trigger's method and route
/// match the request, on an instance made from the app's own services (<see cref="AzureEdition"/>, over the
/// emulators), with an ASP.NET Core <see cref="DefaultHttpContext"/> for the request, the route values and the
/// invocation's Durable client as arguments; the returned result is then executed against that context, as the
/// worker's ASP.NET Core integration executes it. The caller arrives as App Service's client principal header. Without a
/// Durable test host, functions that take a Durable client cannot be called.
/// </summary>
public sealed class FunctionsEdition(AzureEdition edition, DurableApp? durable = null) : IApiEdition, IAsyncDisposable
{
    /// <summary>The prefix the Functions host puts before every route (host.json's default, which the app keeps).</summary>
    public const string RoutePrefix = "api";

    private const string Host = "netflix-api.example.net";

    public string Name => "Functions app";

    public AzureEdition Edition => edition;

    /// <summary>The app's HTTP functions with their triggers.</summary>
    public static IReadOnlyList<(AppFunction Function, HttpTriggerAttribute Trigger)> HttpFunctions { get; } =
    [
        .. FunctionCatalog.Of(typeof(ApiFunctions).Assembly)
            .Where(f => f.Trigger == TriggerKind.Http)
            .Select(f => (f, f.TriggerParameter!.GetCustomAttribute<HttpTriggerAttribute>()!)),
    ];

    public T Get<T>()
        where T : notnull => edition.Get<T>();

    /// <summary>The function the Functions host would route the request to, with its route values; null when none matches.</summary>
    public static (AppFunction Function, RouteValueDictionary Values)? Route(string method, string path)
    {
        foreach (var (function, trigger) in HttpFunctions)
        {
            var values = new RouteValueDictionary();
            var matcher = new TemplateMatcher(TemplateParser.Parse($"{RoutePrefix}/{trigger.Route}"), new RouteValueDictionary());
            if (trigger.Methods?.Contains(method, StringComparer.OrdinalIgnoreCase) != false && matcher.TryMatch(path, values) && Satisfies(function, values))
            {
                return (function, values);
            }
        }

        return null;
    }

    public async Task<ApiAnswer> SendAsync(ApiRequest request)
    {
        var (function, values) = Route(request.Method, request.Path)
            ?? throw new InvalidOperationException($"No HTTP function of the app answers {request.Method} {request.Path}.");
        await using var scope = edition.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = request.Method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString(Host);
        http.Request.Path = request.Path;
        http.Request.QueryString = new QueryString(request.Query);
        foreach (var (name, value) in request.Headers)
        {
            http.Request.Headers[name] = value;
        }

        if (request.As != Who.Anonymous)
        {
            http.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.Encode(request.CallerId, request.CallerId, request.As == Who.Admin ? "admin" : "viewer");
        }

        http.Request.ContentType = request.ContentType;
        http.Request.Body = new MemoryStream(request.Body ?? []);
        http.Request.ContentLength = request.Body?.Length;
        using var responseBody = new MemoryStream();
        http.Response.Body = responseBody;

        var target = function.Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(p => Argument(p, http, values)).ToArray();
        var result = await InvokeAsync(function.Method, target, arguments);
        var executable = result as IResult
            ?? throw new InvalidOperationException($"{function.Name} returned {result?.GetType().Name ?? "nothing"}, not an ASP.NET Core IResult.");
        await executable.ExecuteAsync(http);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in http.Response.Headers)
        {
            headers[name] = value.ToString();
        }

        return new ApiAnswer(http.Response.StatusCode, headers, System.Text.Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    public async ValueTask DisposeAsync()
    {
        if (durable is not null)
        {
            await durable.DisposeAsync();
        }

        await edition.DisposeAsync();
    }

    private object? Argument(ParameterInfo parameter, HttpContext http, RouteValueDictionary values)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return http.Request;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return durable?.Client ?? throw new InvalidOperationException("This edition has no Durable test host.");
        }

        return values.TryGetValue(parameter.Name!, out var value) && value is not null
            ? Convert.ChangeType(value, Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Route values must convert to the function's parameter types, as the route's constraints ({index:int}) demand.</summary>
    private static bool Satisfies(AppFunction function, RouteValueDictionary values)
        => function.Method.GetParameters().All(p => !values.TryGetValue(p.Name!, out var value) || value is null || p.ParameterType == typeof(string)
            || (p.ParameterType == typeof(int) && int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)));

    private static async Task<object?> InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        Task task;
        try
        {
            task = (Task)method.Invoke(target, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }
}
