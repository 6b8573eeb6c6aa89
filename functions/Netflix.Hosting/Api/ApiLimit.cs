namespace Netflix.Hosting.Api;

/// <summary>The routes whose callers are held to a rate (<see cref="LimitOptions"/>).</summary>
public enum ApiLimit
{
    Stream,
    Search,
}
