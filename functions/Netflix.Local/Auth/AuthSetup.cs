using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Netflix.Core.Videos;
using Netflix.Hosting;

namespace Netflix.Local.Auth;

public static class AuthSetup
{
    /// <summary>
    /// JWT bearer authentication with roles admin and viewer. A token is accepted only while its user exists in the
    /// catalog, with the role the catalog gives it; failures come back as problem details.
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
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var (code, detail) = context.AuthenticateFailure is null
                        ? ("auth-required", "Sign in: send 'Authorization: Bearer <token>'.")
                        : ("auth-invalid-token", "The bearer token is not valid, has expired, or its user is unknown.");
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, detail);
                },
                OnForbidden = context => Problems.WriteAsync(
                    context.HttpContext, StatusCodes.Status403Forbidden, "auth-forbidden", "Your role does not allow this."),
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(Policies.Viewer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Viewer, Roles.Admin));
        return services;
    }
}
