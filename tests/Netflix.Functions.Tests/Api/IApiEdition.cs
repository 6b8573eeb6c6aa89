namespace Netflix.Functions.Tests.Api;

/// <summary>One edition of the platform as the conformance suite drives it: a request in, the answer out, and its services to seed data through.</summary>
public interface IApiEdition
{
    string Name { get; }

    T Get<T>()
        where T : notnull;

    Task<ApiAnswer> SendAsync(ApiRequest request);
}
