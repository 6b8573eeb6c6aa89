namespace Netflix.Core.Errors;

/// <summary>The HTTP status each kind of refusal is answered with, the same on every host.</summary>
public static class ProblemStatus
{
    public static int Of(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => 400,
        ErrorKind.Unsupported => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.Forbidden => 403,
        ErrorKind.Unauthorized => 401,
        ErrorKind.TooLarge => 413,
        ErrorKind.Gone => 410,
        ErrorKind.RateLimited => 429,
        ErrorKind.Unavailable => 503,
        ErrorKind.UnsupportedMediaType => 415,
        ErrorKind.UnavailableForLegalReasons => 451,
        _ => 500,
    };
}
