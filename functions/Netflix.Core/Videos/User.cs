namespace Netflix.Core.Videos;

public enum UserRole
{
    Viewer,
    Admin,
}

public sealed record User(string Id, string Name, UserRole Role, DateTimeOffset CreatedAt);

/// <summary>Where a viewer stopped watching a video.</summary>
public sealed record WatchPosition(string UserId, string VideoId, TimeSpan Position, DateTimeOffset UpdatedAt);
