using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Netflix.Core.Videos;
using Netflix.Hosting.Api;

namespace Netflix.Local.Auth;

/// <summary>
/// The caller on this host: the bearer token's subject, which sign-in (<see cref="AuthSetup"/>) accepts only while the
/// catalog knows the user with the token's role; the role and country come from that catalog entry.
/// </summary>
internal sealed class BearerCallers(ICatalog catalog) : ICallerSource
{
    public async Task<Caller?> IdentifyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        // The authentication middleware's result for this request; the handler remembers it, so nothing is validated twice.
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Failure is not null)
        {
            throw ApiRefusals.InvalidToken();
        }

        if (result.Principal?.FindFirst("sub")?.Value is not { } id)
        {
            return null;
        }

        var user = await catalog.FindUserAsync(id, cancellationToken) ?? throw ApiRefusals.InvalidToken();
        return new Caller(user.Id, user.Role, user.Country);
    }
}
