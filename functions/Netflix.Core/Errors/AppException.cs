namespace Netflix.Core.Errors;

/// <summary>The kind of failure, which hosts map to an HTTP status.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
    Unauthorized,
    TooLarge,
    Unavailable,
    Gone,
    RateLimited,
    Unsupported,
    UnsupportedMediaType,
    UnavailableForLegalReasons,
}

/// <summary>
/// A request the platform refuses, with a stable machine-readable code (e.g. "upload-checksum-mismatch") and a
/// message for people. Hosts turn it into RFC 7807 problem details.
/// </summary>
public sealed class AppException : Exception
{
    public AppException(ErrorKind kind, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Errors = errors;
    }

    public AppException()
        : this(ErrorKind.Invalid, "invalid-request", "The request is invalid.")
    {
    }

    public AppException(string message)
        : this(ErrorKind.Invalid, "invalid-request", message)
    {
    }

    public AppException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.Invalid;
        Code = "invalid-request";
    }

    public ErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>Per-field validation messages, when the request had several problems.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static AppException NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static AppException Invalid(string code, string message) => new(ErrorKind.Invalid, code, message);

    public static AppException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}

/// <summary>A write lost a race: the record changed since it was read.</summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException()
        : base("The record was changed by someone else.")
    {
    }

    public ConcurrencyException(string message)
        : base(message)
    {
    }

    public ConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
