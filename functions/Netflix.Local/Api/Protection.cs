namespace Netflix.Local.Api;

/// <summary>
/// Which other sites' pages may call the API from a browser. Bound from the "Cors" section. Empty (the default)
/// means only the host's own pages; the signed CDN route is open to every origin, as a CDN is.
/// </summary>
public sealed class CorsSettings
{
    public const string SectionName = "Cors";

    /// <summary>Exact origins, such as <c>https://studio.example.com</c>; no wildcards, no paths.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    public static bool IsOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.GetLeftPart(UriPartial.Authority).Equals(origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// What this host adds around the API for browsers: which other origins may call it (CORS), and security headers on
/// every response (a strict content policy on the pages). Per-caller rate limits are the API's own (Netflix.Hosting),
/// the same on both editions.
/// </summary>
public static class Protection
{
    public static IServiceCollection AddProtection(this IServiceCollection services)
    {
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.SectionName).ValidateOnStart()
            .Validate(o => o.AllowedOrigins.All(CorsSettings.IsOrigin), "Cors:AllowedOrigins must be origins such as https://studio.example.com (scheme, host and port only).");
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<CorsSettings>>((cors, settings) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
                .WithHeaders("Authorization", "Content-Type", "Content-Digest")
                .WithExposedHeaders("Location", "Retry-After", "ETag")
                .SetPreflightMaxAge(settings.Value.PreflightMaxAge)));
        return services;
    }

    /// <summary>
    /// The API answers other origins' browsers only as the "Cors" section allows (preflights included, before
    /// authentication, since browsers send them without credentials). Pages and the CDN route are not affected.
    /// </summary>
    public static WebApplication UseApiCors(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseCors());
        return app;
    }

    /// <summary>Security headers on every response; the pages get a content policy that allows only their own scripts.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            if (!http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/cdn"))
            {
                // hls.js feeds media through blob: URLs and runs its transmuxer in a blob: worker.
                headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
                    + "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
            }

            return next();
        });
        return app;
    }
}
