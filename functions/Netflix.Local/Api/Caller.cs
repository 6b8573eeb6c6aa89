using System.Security.Claims;
using Netflix.Local.Auth;

namespace Netflix.Local.Api;

public static class Caller
{
    public static string UserId(this ClaimsPrincipal user)
        => user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("An authenticated caller has no subject.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>Makes a host-relative URL absolute for the current request's scheme and host.</summary>
    public static string Absolute(this HttpRequest request, string url)
        => url.StartsWith('/') ? $"{request.Scheme}://{request.Host}{url}" : url;
}
