using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Netflix.Local.Auth;

/// <summary>
/// JWT validation that remembers, for a minute at most and never past the token's expiry, a token string it has
/// already found valid: a player asks for many links with the same token, and checking its signature and claims
/// again each time costs more than the rest of the request. Only the exact same string hits, so a changed or
/// re-signed token is validated in full; the per-request user and role check in the catalog still runs every time.
/// A token it refuses comes back with a reason that names no key and no part of the token.
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    private const int Capacity = 20_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime Until)> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var known))
        {
            if (known.Until > now)
            {
                return known.Result;
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return Refused(result.Exception);
        }

        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var expires } && expires > now)
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            _valid[token] = (result, expires < now + Lifetime ? expires : now + Lifetime);
        }

        return result;
    }

    /// <summary>
    /// A refusal that says why in general terms only. The validator's own messages describe the keys it tried (their
    /// ids and thumbprints) and parts of the token, and the bearer handler logs the refusal's exception, so none of
    /// that may leave here.
    /// </summary>
    private static TokenValidationResult Refused(Exception? reason) => new()
    {
        IsValid = false,
        Exception = reason switch
        {
            SecurityTokenExpiredException => new SecurityTokenExpiredException("The token has expired."),
            SecurityTokenNotYetValidException => new SecurityTokenNotYetValidException("The token is not valid yet."),
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => new SecurityTokenInvalidSignatureException("The token's signature is not valid."),
            SecurityTokenInvalidIssuerException => new SecurityTokenInvalidIssuerException("The token's issuer is not this host."),
            SecurityTokenInvalidAudienceException => new SecurityTokenInvalidAudienceException("The token is not meant for this host."),
            SecurityTokenMalformedException => new SecurityTokenMalformedException("The token is not a well-formed JWT."),
            _ => new SecurityTokenValidationException("The token is not valid."),
        },
    };
}
