namespace Netflix.Local.Tests.BadInput;

/// <summary>
/// Bad media goes through the real pipeline, which is the slow part, so it gets a host of its own; the request-level
/// cases share another. The two collections run side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BadMediaCollection : ICollectionFixture<PlatformHost>
{
    public const string Name = "bad-media";
}

[CollectionDefinition(Name)]
public sealed class BadRequestCollection : ICollectionFixture<PlatformHost>
{
    public const string Name = "bad-requests";
}
