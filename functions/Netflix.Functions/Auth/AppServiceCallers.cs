using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Netflix.Azure.Auth;
using Netflix.Core.Videos;
using Netflix.Hosting.Api;

namespace Netflix.Functions.Auth;

/// <summary>
/// The caller on Azure: App Service authentication (Entra ID, app roles "admin" and "viewer") validates the token and
/// hands the app its claims in the client principal header. The caller is kept in the catalog with the role the
/// token carries, so uploads name their admin and viewers keep their positions.
/// </summary>
internal sealed class AppServiceCallers(IOptions<AppServiceAuthOptions> options, ICatalog catalog, TimeProvider time) : ICallerSource
{
    public async Task<Caller?> IdentifyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        // Without App Service authentication in front anyone could send the header, so it is not read at all.
        if (!options.Value.Enabled || ClientPrincipal.Parse(http.Request.Headers[ClientPrincipal.HeaderName]) is not { } principal)
        {
            return null;
        }

        var id = principal.FindFirstValue("sub")!;
        var role = principal.IsInRole("admin") ? UserRole.Admin : principal.IsInRole("viewer") ? UserRole.Viewer : (UserRole?)null;
        if (role is not { } known)
        {
            return new Caller(id, null, null);
        }

        var user = await catalog.FindUserAsync(id, cancellationToken);
        if (user is null || user.Role != known)
        {
            user = (user ?? new User(id, principal.Identity?.Name ?? id, known, time.GetUtcNow())) with { Role = known };
            await catalog.UpsertUserAsync(user, cancellationToken);
        }

        return new Caller(id, known, user.Country);
    }
}
