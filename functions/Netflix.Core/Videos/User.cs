namespace Netflix.Core.Videos;

public enum UserRole
{
    Viewer,
    Admin,
}

/// <param name="Country">The viewer's country (ISO 3166-1 alpha-2) when the profile has one; the edge's header wins when trusted.</param>
public sealed record User(string Id, string Name, UserRole Role, DateTimeOffset CreatedAt, string? Country = null);

/// <summary>Where a viewer stopped watching a video.</summary>
public sealed record WatchPosition(string UserId, string VideoId, TimeSpan Position, DateTimeOffset UpdatedAt);
