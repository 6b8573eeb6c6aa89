using Netflix.Core.Errors;

namespace Netflix.Hosting.Api;

/// <summary>The refusals the API's door makes itself, each made here only, so both editions word them alike.</summary>
public static class ApiRefusals
{
    public static AppException SignInRequired()
        => new(ErrorKind.Unauthorized, "auth-required", "Sign in to use the API: send 'Authorization: Bearer <token>'.");

    public static AppException InvalidToken()
        => new(ErrorKind.Unauthorized, "auth-invalid-token", "The bearer token is not valid, has expired, or its user is unknown.");

    public static AppException Forbidden()
        => new(ErrorKind.Forbidden, "auth-forbidden", "Your role does not allow this.");

    public static Problem RateLimited(TimeSpan retryAfter)
        => new(429, "rate-limited", "Too many requests; wait a moment and try again.", RetryAfter: retryAfter);

    public static AppException NotJson()
        => new(ErrorKind.UnsupportedMediaType, "request-unsupported-media-type", "Send the body as application/json.");

    public static AppException UnknownCharset()
        => new(ErrorKind.UnsupportedMediaType, "request-unsupported-media-type", "The body's charset is not one this API reads; send JSON as UTF-8.");

    public static AppException BodyMissing()
        => AppException.Invalid("request-body-missing", "A JSON body is required.");
}
