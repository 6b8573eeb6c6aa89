using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Core.Videos;
using Netflix.Local;
using Netflix.Local.Auth;
using Netflix.Testing;

namespace Netflix.Functions.Tests.Api;

/// <summary>
/// The one-machine host as `dotnet run` composes it, in this process on a free loopback port with a data folder of
/// its own; requests go over HTTP through Kestrel with a bearer token for the caller, minted with the host's key.
/// </summary>
public sealed class LocalEdition : IApiEdition, IAsyncDisposable
{
    private readonly TempFolder _data;
    private readonly HttpClient _client;

    private LocalEdition(TempFolder data, WebApplication app)
    {
        _data = data;
        App = app;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name => "local host";

    public WebApplication App { get; }

    public static async Task<LocalEdition> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var data = new TempFolder("netflix-conformance");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Local:DataDirectory"] = data.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddLocalHost();
        var app = builder.Build();
        app.UseLocalHost();
        await app.StartAsync();
        return new LocalEdition(data, app);
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<ApiAnswer> SendAsync(ApiRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
        if (request.As != Who.Anonymous)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(request.CallerId, request.As == Who.Admin ? UserRole.Admin : UserRole.Viewer));
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        using var response = await _client.SendAsync(message);
        // As sent, not as HttpClient's typed headers would re-print them.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            headers[name] = values.ToString();
        }

        return new ApiAnswer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A token for the user, who is added to the catalog with the role first, as the host's token command does.</summary>
    private async Task<string> TokenAsync(string userId, UserRole role)
    {
        var catalog = Get<ICatalog>();
        var user = await catalog.FindUserAsync(userId, CancellationToken.None);
        if (user is null || user.Role != role)
        {
            user = await catalog.UpsertUserAsync((user ?? new User(userId, userId, role, DateTimeOffset.UtcNow)) with { Role = role }, CancellationToken.None);
        }

        return Get<TokenIssuer>().Issue(user);
    }
}
