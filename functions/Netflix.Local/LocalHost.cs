using Microsoft.AspNetCore.Http.Features;
using Netflix.Core.Uploads;
using Netflix.Hosting;
using Netflix.Local.Api;
using Netflix.Local.Auth;

namespace Netflix.Local;

/// <summary>Composition of the one-machine host: the platform's services, the API, the CDN route and the web pages.</summary>
public static class LocalHost
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Short command-line switches: <c>--data DIR</c> for the data folder.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal) { ["--data"] = "Local:DataDirectory" };

    /// <summary>The web pages, copied next to the app's assembly by the build.</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static string[] WithoutCommand(string[] args) => args is ["token", ..] ? args[1..] : args;

    public static WebApplicationBuilder AddLocalHost(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Chunks and one-shot uploads set their own limits per endpoint; everything else stays small.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = long.MaxValue);

        builder.AddRequestLog();
        builder.Services.AddLocalPlatform();
        builder.Services.AddNetflixApi();
        builder.Services.AddApiAuthentication();
        builder.Services.AddProtection();
        builder.Services.AddProblemDetails();

        // A route value that does not bind becomes an exception, which the handler turns into a coded problem (bodies
        // and queries are read by the API's own handlers).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddLocalHealthChecks();
        return builder;
    }

    public static WebApplication UseLocalHost(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Response.HasStarted && http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
            {
                var status = http.Response.StatusCode;
                var code = status switch
                {
                    400 => "request-malformed",
                    401 => "auth-required",
                    403 => "auth-forbidden",
                    404 => "not-found",
                    405 => "method-not-allowed",
                    406 => "not-acceptable",
                    408 => "request-timeout",
                    411 => "request-length-required",
                    413 => "request-too-large",
                    415 => "request-unsupported-media-type",
                    416 => "range-not-satisfiable",
                    431 => "request-headers-too-large",
                    503 => "unavailable",
                    >= 500 => "internal-error",

                    // Never a generic code: a status this host does not answer itself is still named.
                    _ => "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                await Problems.WriteAsync(http, status, code, $"{http.Request.Method} {http.Request.Path} cannot be answered ({status}).");
            }
        });
        app.UseSecurityHeaders();
        app.UseApiCors();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();

        app.MapOpenApi();
        app.MapApi(app.Services.GetRequiredService<UploadOptions>());
        app.MapCdn();
        return app;
    }
}
