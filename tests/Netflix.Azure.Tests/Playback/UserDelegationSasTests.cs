using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Netflix.Azure.Playback;
using Netflix.Core.Playback;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Playback;

/// <summary>The production signing path: a user delegation key of the app's identity, cached and renewed, on Azurite with Entra ID.</summary>
public sealed class UserDelegationSasTests(EntraAzuriteFixture azurite) : IClassFixture<EntraAzuriteFixture>, IAsyncLifetime, IDisposable
{
    private readonly HmacPlaybackSigner _hmac = new([new SigningKey("k1", Encoding.UTF8.GetBytes("a third key of thirty-two bytes!"))], "https://app.example.net/api/cdn", TimeProvider.System);
    private readonly BlobServiceClient _service = azurite.CreateService();
    private readonly HttpClient _http = azurite.CreateHttpClient();
    private readonly string _container = AzuriteFixture.NewContainerName("media");

    public async Task InitializeAsync()
    {
        azurite.Credential.Fail = false;
        var container = _service.GetBlobContainerClient(_container);
        await container.CreateAsync();
        await container.GetBlobClient("media/vid1/hls/720p/seg_00001.m4s").UploadAsync(new BinaryData("segment one"u8.ToArray()));
        await container.GetBlobClient("media/vid1/hls/720p/seg_00002.m4s").UploadAsync(new BinaryData("segment two"u8.ToArray()));
    }

    public async Task DisposeAsync()
    {
        azurite.Credential.Fail = false;
        await _service.GetBlobContainerClient(_container).DeleteIfExistsAsync();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_user_delegation_sas_opens_its_blob_and_nothing_else()
    {
        await using var keys = Keys(TimeProvider.System);
        await keys.InitializeAsync(CancellationToken.None);
        var signer = Signer(keys);

        var url = signer.Sign("vid1/hls/720p/seg_00001.m4s", DateTimeOffset.UtcNow.AddMinutes(10));
        var other = new Uri(signer.Sign("vid1/hls/720p/seg_00002.m4s", DateTimeOffset.UtcNow.AddMinutes(10)));
        var expired = signer.Sign("vid1/hls/720p/seg_00001.m4s", DateTimeOffset.UtcNow.AddMinutes(-1));

        var query = QueryHelpers.ParseQuery(new Uri(url).Query);
        Assert.Equal((FakeEntraCredential.ObjectId, FakeEntraCredential.TenantId, "https"), (query["skoid"].ToString(), query["sktid"].ToString(), query["spr"].ToString()));
        Assert.Equal("segment one", await _http.GetStringAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(other.GetLeftPart(UriPartial.Path) + new Uri(url).Query));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(expired));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url.Replace("&sig=", "&sig=A", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Signing_before_a_key_was_fetched_fails_at_once()
    {
        await using var keys = Keys(TimeProvider.System);

        var error = Assert.Throws<InvalidOperationException>(() => Signer(keys).Sign("vid1/hls/720p/seg_00001.m4s", DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_would_outlive_the_key_is_refused()
    {
        await using var keys = Keys(TimeProvider.System, new SasPlaybackOptions { DelegationKeyLifetime = TimeSpan.FromHours(1), DelegationKeyRenewal = TimeSpan.FromMinutes(30) });
        await keys.InitializeAsync(CancellationToken.None);
        var signer = Signer(keys);

        Assert.Contains("sig=", signer.Sign("vid1/hls/720p/seg_00001.m4s", DateTimeOffset.UtcNow.AddMinutes(50)), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => signer.Sign("vid1/hls/720p/seg_00001.m4s", DateTimeOffset.UtcNow.AddHours(2)));
    }

    [Fact]
    public async Task The_key_is_renewed_before_it_expires_and_a_failed_renewal_is_retried()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var options = new SasPlaybackOptions { DelegationKeyLifetime = TimeSpan.FromDays(6), DelegationKeyRenewal = TimeSpan.FromDays(2), DelegationKeyRetry = TimeSpan.FromMinutes(1) };
        await using var keys = Keys(clock, options);

        await keys.InitializeAsync(CancellationToken.None);
        var first = keys.Current!;
        var due = await clock.Timer!.NextChangeAsync();
        Assert.InRange(due, TimeSpan.FromDays(4) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(4));

        clock.Now += due;
        azurite.Credential.Fail = true;
        clock.Timer.Fire();
        Assert.Equal(options.DelegationKeyRetry, await clock.Timer.NextChangeAsync());
        Assert.Same(first, keys.Current);

        clock.Now += options.DelegationKeyRetry;
        azurite.Credential.Fail = false;
        clock.Timer.Fire();
        Assert.InRange(await clock.Timer.NextChangeAsync(), TimeSpan.FromDays(4) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(4));
        Assert.Equal((clock.Now + options.DelegationKeyLifetime).ToUnixTimeSeconds(), keys.Current!.SignedExpiresOn.ToUnixTimeSeconds());
        Assert.True(keys.Current.SignedExpiresOn > first.SignedExpiresOn);
    }

    private UserDelegationKeyCache Keys(TimeProvider time, SasPlaybackOptions? options = null)
        => new(_service, options ?? new SasPlaybackOptions(), time, NullLogger<UserDelegationKeyCache>.Instance);

    private SasPlaybackSigner Signer(IBlobSasCredential keys)
        => new(_hmac, keys, _service.Uri, new SasPlaybackOptions { MediaContainer = _container, ExpiryStep = TimeSpan.Zero });

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }
}
