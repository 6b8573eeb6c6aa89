using System.Globalization;
using Netflix.Core.Playback;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;
using Netflix.Local.Auth;

namespace Netflix.Local;

/// <summary>
/// <c>token --user ID [--name NAME] [--role admin|viewer] [--days N] [--data DIR]</c>: adds (or updates) the user in the
/// catalog and prints a bearer token for them, signed with this host's key.
/// </summary>
public static class TokenCommand
{
    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        string? user = null;
        string? name = null;
        string? country = null;
        var role = UserRole.Viewer;
        var days = 30;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user":
                    user = value;
                    i++;
                    break;
                case "--name":
                    name = value;
                    i++;
                    break;
                case "--role" when Enum.TryParse<UserRole>(value, ignoreCase: true, out var parsed):
                    role = parsed;
                    i++;
                    break;
                case "--country" when GeoAvailability.Normalize(value) is { } code:
                    country = code;
                    i++;
                    break;
                case "--days" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 3650:
                    days = d;
                    i++;
                    break;
                case "--data":
                    i++;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    // A configuration setting (--Section:Key=value), already read by the host's configuration.
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or invalid option '{args[i]}'.");
                    return Usage();
            }
        }

        if (!Ids.IsValid(user))
        {
            await Console.Error.WriteLineAsync("--user needs an id of letters, digits, '-' and '_'.");
            return Usage();
        }

        await using var services = builder.Services.BuildServiceProvider();
        var catalog = services.GetRequiredService<ICatalog>();
        var existing = await catalog.FindUserAsync(user!, CancellationToken.None);
        var saved = await catalog.UpsertUserAsync(
            new User(user!, name ?? existing?.Name ?? user!, role, existing?.CreatedAt ?? services.GetRequiredService<TimeProvider>().GetUtcNow(), country ?? existing?.Country),
            CancellationToken.None);
        Console.WriteLine(services.GetRequiredService<TokenIssuer>().Issue(saved, TimeSpan.FromDays(days)));
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: token --user ID [--name NAME] [--role admin|viewer] [--country XX] [--days 30] [--data DIR]");
        return 2;
    }
}
