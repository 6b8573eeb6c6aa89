using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Netflix.Core.Videos;
using Netflix.Hosting.Api;

namespace Netflix.Local.Auth;

public static class AuthSetup
{
    /// <summary>
    /// JWT bearer authentication with roles admin and viewer. A token is accepted only while its user exists in the
    /// catalog, with the role the catalog gives it. It tells the API who is calling (<see cref="BearerCallers"/>); what
    /// they may do is the API's door's to decide, as on Azure, and its refusals are problem details.
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer, AuthOptions, TimeProvider>((options, issuer, auth, time) =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler(time) { MapInboundClaims = false });
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = issuer.SecurityKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = "name",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var catalog = context.HttpContext.RequestServices.GetRequiredService<ICatalog>();
                    var id = context.Principal?.FindFirst("sub")?.Value;
                    var user = id is null ? null : await catalog.FindUserAsync(id, context.HttpContext.RequestAborted);
                    var role = user?.Role == UserRole.Admin ? Roles.Admin : Roles.Viewer;
                    if (user is null || context.Principal?.FindFirst("role")?.Value != role)
                    {
                        context.Fail("The token's user is unknown or no longer has that role.");
                    }
                },
            };
        });

        services.AddSingleton<ICallerSource, BearerCallers>();
        return services;
    }
}
