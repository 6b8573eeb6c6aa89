using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Netflix.Hosting;

/// <summary>
/// Keeps the framework's loggers that see a raw request line, URL or header below the level where they would print it,
/// whatever the configured levels say (a provider's own levels included), so no URL signature, token or key reaches a
/// log at Debug or Trace. What those categories say above Warning names no request detail. The request itself is
/// logged once, masked, by the host's own request log.
/// </summary>
public static class LogSecrecy
{
    /// <summary>
    /// Kestrel (its bad-request lines quote the request line and headers, and only while Information is on),
    /// hosting diagnostics (request-starting lines with the raw query), result executors (a redirect names its signed
    /// destination), authentication handlers (a refused token's validation errors) and HttpClient (request URIs).
    /// </summary>
    public static readonly IReadOnlyList<string> GuardedCategories =
    [
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Http.Result",
        "Microsoft.AspNetCore.Authentication",
        "System.Net.Http.HttpClient",
    ];

    /// <summary>The lowest level the guarded categories log at.</summary>
    public const LogLevel Floor = LogLevel.Warning;

    public static IServiceCollection AddLogSecrecy(this IServiceCollection services)
    {
        // After every other rule (configuration's included), and again whenever configuration reloads.
        services.AddOptions<LoggerFilterOptions>().PostConfigure(Apply);
        return services;
    }

    internal static void Apply(LoggerFilterOptions options)
    {
        var providers = options.Rules.Select(r => r.ProviderName).Append(null).Distinct(StringComparer.Ordinal).ToList();

        // A rule more specific than a guard (a sub-category, or the same one for a provider) would win over it: drop it.
        for (var i = options.Rules.Count - 1; i >= 0; i--)
        {
            if (options.Rules[i].CategoryName is { } category && GuardedCategories.Any(guarded => Covers(guarded, category)))
            {
                options.Rules.RemoveAt(i);
            }
        }

        foreach (var provider in providers)
        {
            foreach (var guarded in GuardedCategories)
            {
                options.Rules.Add(new LoggerFilterRule(provider, guarded, Floor, filter: null));
            }
        }
    }

    private static bool Covers(string guarded, string category)
    {
        var prefix = category.Split('*')[0];
        return prefix.StartsWith(guarded, StringComparison.OrdinalIgnoreCase)
            && (prefix.Length == guarded.Length || prefix[guarded.Length] == '.' || category.Contains('*', StringComparison.Ordinal));
    }
}
