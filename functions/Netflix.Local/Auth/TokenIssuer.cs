using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Netflix.Core.Videos;

namespace Netflix.Local.Auth;

/// <summary>Mints the local host's JWTs: subject, name and role, signed with the host's key.</summary>
public sealed class TokenIssuer(byte[] key, AuthOptions options, TimeProvider time)
{
    public SymmetricSecurityKey SecurityKey { get; } = new(key) { KeyId = "local" };

    public string Issue(User user, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? options.TokenLifetime),
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", user.Id),
                new Claim("name", user.Name),
                new Claim("role", user.Role == UserRole.Admin ? Roles.Admin : Roles.Viewer),
            ]),
            SigningCredentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
