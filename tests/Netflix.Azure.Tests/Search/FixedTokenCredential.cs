using Azure.Core;

namespace Netflix.Azure.Tests.Search;

/// <summary>A credential that always hands out the same bearer token, so a test can see it on the request.</summary>
internal sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
