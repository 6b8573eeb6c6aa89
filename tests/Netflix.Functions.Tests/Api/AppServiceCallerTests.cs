using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Netflix.Azure.Auth;
using Netflix.Core.Videos;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Tests.Api;

/// <summary>How the Functions app tells who is calling: App Service authentication's client principal, and only behind it.</summary>
[Collection(EmulatorsCollection.Name)]
public sealed class AppServiceCallerTests(Emulators emulators)
{
    [Fact]
    public async Task The_client_principal_header_counts_only_behind_app_service_authentication()
    {
        await using var functions = new FunctionsEdition(await emulators.StartEditionAsync(ApiEditions.Settings()));

        var answer = await functions.SendAsync(ApiRequest.Get("/api/videos", Who.Admin));

        Conformance.Expect(functions.Name, "a principal header without App Service authentication", answer, 401, "auth-required");
        Assert.Equal("Bearer", answer.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_signed_in_caller_without_a_platform_role_is_forbidden()
    {
        var editions = await emulators.EditionsAsync();
        var request = ApiRequest.Get("/api/videos", Who.Anonymous).WithHeader(ClientPrincipal.HeaderName, ClientPrincipal.Encode("c-roleless", "Roleless"));

        var answer = await editions.Functions.SendAsync(request);

        Conformance.Expect(editions.Functions.Name, "a principal with no app role", answer, 403, "auth-forbidden");
        Assert.Null(await editions.Functions.Get<ICatalog>().FindUserAsync("c-roleless", CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_is_kept_in_the_catalog_with_the_role_the_token_carries_at_the_apps_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>(ApiEditions.Settings()) { ["WEBSITE_AUTH_ENABLED"] = "true" };
        await using var functions = new FunctionsEdition(
            await AzureEdition.StartAsync(emulators.Blobs, emulators.Cosmos, settings, services => services.AddSingleton<TimeProvider>(clock)));
        var firstSeen = clock.GetUtcNow();

        await functions.SendAsync(ApiRequest.Get("/api/videos", Who.Viewer) with { User = "c-mirrored" });
        var asViewer = await functions.Get<ICatalog>().FindUserAsync("c-mirrored", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await functions.SendAsync(ApiRequest.Get("/api/videos", Who.Admin) with { User = "c-mirrored" });
        var asAdmin = await functions.Get<ICatalog>().FindUserAsync("c-mirrored", CancellationToken.None);

        Assert.Equal(new User("c-mirrored", "c-mirrored", UserRole.Viewer, firstSeen), asViewer);
        Assert.Equal(new User("c-mirrored", "c-mirrored", UserRole.Admin, firstSeen), asAdmin);
    }
}
