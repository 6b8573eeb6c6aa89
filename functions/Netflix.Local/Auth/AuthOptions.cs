namespace Netflix.Local.Auth;

/// <summary>JWT settings. The local host signs its own tokens (HS256) with a key from configuration or one it makes once.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Base64 key of at least 32 bytes; empty means a key generated once under the data folder.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "netflix-local";

    public string Audience { get; set; } = "netflix";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(30);
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
}
