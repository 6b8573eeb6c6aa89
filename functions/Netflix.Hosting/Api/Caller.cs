using Netflix.Core.Videos;

namespace Netflix.Hosting.Api;

/// <summary>Who is calling, as the edition's sign-in vouches for them.</summary>
/// <param name="Role">The caller's role on the platform; null when they are signed in without one.</param>
/// <param name="Country">The country of the caller's profile, when it has one; a trusted edge header wins (<see cref="ViewerCountry"/>).</param>
public sealed record Caller(string Id, UserRole? Role, string? Country)
{
    public bool IsAdmin => Role == UserRole.Admin;
}
