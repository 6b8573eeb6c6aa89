using System.Security.Claims;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class Caller
{
    public static string UserId(this ClaimsPrincipal user)
        => user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("An authenticated caller has no subject.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
