using Microsoft.Extensions.Configuration;

namespace Netflix.Functions.Auth;

/// <summary>Whether App Service authentication fronts the app, from the WEBSITE_AUTH_ENABLED setting the platform sets.</summary>
public sealed class AppServiceAuthOptions
{
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>Only then is the client principal header the platform's own: it strips the header from requests and sets it itself.</summary>
    public bool Enabled { get; set; }

    public static void Read(AppServiceAuthOptions options, IConfiguration configuration)
        => options.Enabled = string.Equals(configuration[EnabledSetting], "true", StringComparison.OrdinalIgnoreCase);
}
