using System.Globalization;
using System.Threading.RateLimiting;

namespace Netflix.Local.Api;

/// <summary>Request-rate limits per caller. Bound from the "Limits" section.</summary>
public sealed class LimitOptions
{
    public const string SectionName = "Limits";

    /// <summary>Playback links a viewer may ask for per minute (bursts up to this, refilled every second).</summary>
    public int StreamPerMinute { get; set; } = 600;

    /// <summary>Searches a viewer may run per minute.</summary>
    public int SearchPerMinute { get; set; } = 600;
}

/// <summary>
/// What keeps the host usable under abuse: per-caller rate limits on the hot read routes (429 with Retry-After and
/// a problem document), and security headers on every response (a strict content policy on the pages).
/// </summary>
public static class Protection
{
    public const string StreamPolicy = "stream";
    public const string SearchPolicy = "search";

    public static IServiceCollection AddProtection(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.SectionName).ValidateOnStart()
            .Validate(o => o.StreamPerMinute > 0 && o.SearchPerMinute > 0, "Limits:StreamPerMinute and SearchPerMinute must be positive.");
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(StreamPolicy, http => PerCaller(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitOptions>>().Value.StreamPerMinute));
            limiter.AddPolicy(SearchPolicy, http => PerCaller(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitOptions>>().Value.SearchPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests; wait a moment and try again.");
            };
        });
        return services;
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

    private static RateLimitPartition<string> PerCaller(HttpContext http, int perMinute)
    {
        var caller = http.User.FindFirst("sub")?.Value ?? "ip:" + http.Connection.RemoteIpAddress;
        var perSecond = Math.Max(1, perMinute / 60);
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
