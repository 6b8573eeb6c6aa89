using Microsoft.AspNetCore.Http;

namespace Netflix.Hosting.Api;

/// <summary>
/// How an edition tells who sent a request: bearer tokens on the local host, App Service authentication on Azure.
/// What the caller may then do, and how often, is decided once for both by <see cref="ApiGate"/>.
/// </summary>
public interface ICallerSource
{
    /// <returns>The caller, or null when the request carries no credential.</returns>
    /// <exception cref="Core.Errors.AppException">A credential that does not hold (auth-invalid-token).</exception>
    Task<Caller?> IdentifyAsync(HttpContext http, CancellationToken cancellationToken);
}
