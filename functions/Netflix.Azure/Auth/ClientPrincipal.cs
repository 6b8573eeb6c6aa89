using System.Security.Claims;
using System.Text;
using System.Text.Json;

namespace Netflix.Azure.Auth;

/// <summary>
/// The caller as App Service authentication (Entra ID) hands it to the Functions app: the X-MS-CLIENT-PRINCIPAL
/// header, base64 JSON of the validated token's claims. The platform's roles are Entra app roles ("admin",
/// "viewer"); the user id is the object id claim. The header is trusted only because the platform strips it from
/// incoming requests and sets it after validating the token, which is why the app must only be reachable through it.
/// </summary>
public static class ClientPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>The caller, or null when the header is missing or not a principal.</summary>
    public static ClaimsPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024)
        {
            return null;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(header);
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var roleType = Text(root, "role_typ") ?? ClaimTypes.Role;
            var list = new List<Claim>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (Text(claim, "typ") is { } type && Text(claim, "val") is { } value)
                {
                    list.Add(new Claim(type == roleType || type == "roles" ? "role" : type, value));
                }
            }

            var id = list.FirstOrDefault(c => c.Type is ObjectIdClaim or "oid")?.Value;
            if (id is null)
            {
                return null;
            }

            list.Add(new Claim("sub", id));
            var identity = new ClaimsIdentity(list, Text(root, "auth_typ") ?? "aad", "name", "role");
            return new ClaimsPrincipal(identity);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal the way the platform does; for tests and local runs of the Functions app.</summary>
    public static string Encode(string userId, string name, params string[] roles)
    {
        var claims = new List<object>
        {
            new { typ = ObjectIdClaim, val = userId },
            new { typ = "name", val = name },
        };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
