using System.Buffers.Text;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Xunit;

namespace Netflix.Testing.Azure;

/// <summary>
/// A second Azurite that takes Entra ID tokens as production does (--oauth basic, which needs https: a self-signed
/// certificate made for the run and trusted by these clients only), so user delegation keys and the SAS they sign are
/// checked for real. Azurite checks a token's issuer, audience and lifetime, not its signature.
/// </summary>
public sealed class EntraAzuriteFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("netflix-azurite-tls");
    private byte[] _certificateHash = [];
    private AzuriteServer? _server;

    public FakeEntraCredential Credential { get; } = new();

    public Uri BlobEndpoint => _server?.BlobEndpoint ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>Trusts Azurite's certificate, and nothing else.</summary>
    public SocketsHttpHandler Handler { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            _certificateHash = certificate.GetCertHash();
            await File.WriteAllTextAsync(_folder.Combine("cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(_folder.Combine("key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        Handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = IsAzurites } };
        _server = await AzuriteServer.StartAsync(["--cert", _folder.Combine("cert.pem"), "--key", _folder.Combine("key.pem"), "--oauth", "basic"]);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        Handler?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client signed in as the fake identity, as the app is with its managed identity.</summary>
    public BlobServiceClient CreateService()
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(Handler, disposeHandler: false)) };
        options.Retry.MaxRetries = 0;
        return new BlobServiceClient(BlobEndpoint, Credential, options);
    }

    public HttpClient CreateHttpClient() => new(Handler, disposeHandler: false);

    private bool IsAzurites(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        => certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(_certificateHash);
}

/// <summary>
/// Issues unsigned tokens shaped like Entra ID's for Storage. They are reported to the SDK as expired already, so it
/// asks again on every request and <see cref="Fail"/> takes effect at once.
/// </summary>
public sealed class FakeEntraCredential : TokenCredential
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ObjectId = "6f1a1f5e-0000-4000-8000-000000000001";

    public bool Fail { get; set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new global::Azure.Identity.AuthenticationFailedException("The identity endpoint is unreachable (test).");
        }

        var now = DateTimeOffset.UtcNow;
        var header = Encode(new { alg = "RS256", typ = "JWT" });
        var payload = Encode(new
        {
            aud = "https://storage.azure.com",
            iss = $"https://sts.windows.net/{TenantId}/",
            iat = now.AddMinutes(-1).ToUnixTimeSeconds(),
            nbf = now.AddMinutes(-1).ToUnixTimeSeconds(),
            exp = now.AddHours(1).ToUnixTimeSeconds(),
            oid = ObjectId,
            tid = TenantId,
        });
        return new AccessToken($"{header}.{payload}.c2lnbmF0dXJl", now);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Encode(object value)
        => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
