using System.Text;
using Microsoft.AspNetCore.HttpLogging;
using Netflix.Hosting;

namespace Netflix.Local.Api;

/// <summary>
/// One log line per request (at Information, category Microsoft.AspNetCore.HttpLogging) that never carries a
/// credential. ASP.NET Core's own request lines print the raw query string, where URL signatures live (and where a
/// careless client may put a token), so they are kept at Warning (<see cref="LogSecrecy"/>, with the other loggers that
/// see a raw request) and this line is written instead: method, path, status, duration and the query with every value
/// outside a short list of harmless parameters masked. Headers, and so bearer tokens, are never logged.
/// </summary>
public static class RequestLog
{
    public const string Masked = "***";

    /// <summary>Query parameters whose values are safe to log; every other value is masked.</summary>
    private static readonly HashSet<string> Harmless = new(StringComparer.OrdinalIgnoreCase)
    {
        "q", "tag", "pageSize", "next", "status", "codec", "resolution", "start", "redirect", "exp", "kid", "cc",
    };

    public static WebApplicationBuilder AddRequestLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpLogging(logging =>
        {
            logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<MaskingInterceptor>();
        return builder;
    }

    /// <summary>The query string with the values of all but the harmless parameters replaced by <see cref="Masked"/>.</summary>
    public static string MaskQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return string.Empty;
        }

        var masked = new StringBuilder();
        foreach (var pair in query.Value!.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            masked.Append(masked.Length == 0 ? '?' : '&').Append(name);
            if (equals >= 0)
            {
                masked.Append('=').Append(Harmless.Contains(Uri.UnescapeDataString(name)) ? pair[(equals + 1)..] : Masked);
            }
        }

        return masked.ToString();
    }

    private sealed class MaskingInterceptor : IHttpLoggingInterceptor
    {
        public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
        {
            if (logContext.HttpContext.Request.QueryString.HasValue)
            {
                logContext.AddParameter("Query", MaskQuery(logContext.HttpContext.Request.QueryString));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
    }
}
