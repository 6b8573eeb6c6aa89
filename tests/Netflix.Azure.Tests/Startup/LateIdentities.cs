using System.Buffers.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Startup;

/// <summary>
/// The app identity before its role assignment reaches Storage: until <paramref name="granted"/> on
/// <paramref name="clock"/> its tokens name another audience, which Azurite (taking Entra tokens as Storage does)
/// refuses with 403; from then on they are <paramref name="identity"/>'s own.
/// </summary>
public sealed class NotYetGranted(FakeEntraCredential identity, TimeProvider clock, DateTimeOffset granted) : TokenCredential
{
    private int _refused;

    /// <summary>Tokens handed out that the service refuses.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var token = identity.GetToken(requestContext, cancellationToken);
        if (clock.GetUtcNow() >= granted)
        {
            return token;
        }

        Interlocked.Increment(ref _refused);
        var parts = token.Token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["aud"] = "https://vault.azure.net";
        parts[1] = Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return new AccessToken(string.Join('.', parts), token.ExpiresOn);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>
/// An identity whose endpoint answers only from <paramref name="available"/> on <paramref name="clock"/>: before that,
/// <paramref name="identity"/>'s <see cref="FakeEntraCredential.Fail"/> switch is on, so asking for a token throws
/// AuthenticationFailedException, as a managed identity does while it cannot issue one. Its tokens are reported to
/// last an hour, as real ones do: the Cosmos DB client refuses a token that has already expired.
/// </summary>
public sealed class UnavailableUntil(FakeEntraCredential identity, TimeProvider clock, DateTimeOffset available) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        identity.Fail = clock.GetUtcNow() < available;
        var token = identity.GetToken(requestContext, cancellationToken);
        return new AccessToken(token.Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
