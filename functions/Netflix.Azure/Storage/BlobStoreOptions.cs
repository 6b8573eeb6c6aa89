using Microsoft.Extensions.Options;
using Netflix.Core.Storage;

namespace Netflix.Azure.Storage;

/// <summary>
/// Where the media store's blobs live. Bound from the "Storage" section. A key's blob has the key as its name, in
/// one of two containers: <see cref="MediaContainer"/> holds the keys under "media/" (the pipeline's outputs, which
/// players fetch through SAS URLs); <see cref="UploadsContainer"/> holds every other key ("sources/…", where the
/// committed original lands and Event Grid's BlobCreated fires) and the staging blobs of uploads in flight, under
/// <see cref="StagingPrefix"/>.
/// </summary>
public sealed class BlobStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>The blob endpoint, e.g. https://ACCOUNT.blob.core.windows.net/, reached with the app's managed identity.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>A connection string with the account key: for Azurite only; production has shared keys disabled.</summary>
    public string? ConnectionString { get; set; }

    public string UploadsContainer { get; set; } = "uploads";

    public string MediaContainer { get; set; } = "media";

    /// <summary>Staging blobs ("staging/{uploadId}") in the uploads container; keys may not start with it.</summary>
    public string StagingPrefix { get; set; } = "staging/";

    /// <summary>
    /// The largest block a chunk is staged in. Chunk bodies arrive as streams of unknown length and Put Block needs
    /// the length up front, so a chunk is read into a buffer of at most this size per block (one buffer per chunk
    /// being written). With the upload chunk size at or under it, each chunk is one block.
    /// </summary>
    public int BlockSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Blobs deleted at once by <see cref="BlobMediaStore.DeletePrefixAsync"/>.</summary>
    public int DeleteConcurrency { get; set; } = 16;
}

/// <summary>Fails the start on a setting Blob Storage would refuse later.</summary>
public sealed class BlobStoreOptionsValidator : IValidateOptions<BlobStoreOptions>
{
    /// <summary>Under Put Block's 4000 MiB limit, and a buffer size .NET arrays allow.</summary>
    internal const int MaxBlockSize = 2000 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, BlobStoreOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(BlobStoreOptions options)
    {
        const string Section = BlobStoreOptions.SectionName;
        if ((options.ServiceUri is null) == string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"{Section}: set exactly one of ServiceUri (managed identity) and ConnectionString (Azurite).";
        }

        if (options.ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)))
        {
            yield return $"{Section}:ServiceUri must be the account's https blob endpoint.";
        }

        foreach (var problem in LayoutProblems(options))
        {
            yield return problem;
        }
    }

    /// <summary>The settings the store itself uses (the connection is the client's business).</summary>
    internal static IEnumerable<string> LayoutProblems(BlobStoreOptions options)
    {
        const string Section = BlobStoreOptions.SectionName;
        foreach (var (setting, value) in new[] { ("UploadsContainer", options.UploadsContainer), ("MediaContainer", options.MediaContainer) })
        {
            if (!IsContainerName(value))
            {
                yield return $"{Section}:{setting} must be 3-63 lower-case letters, digits or single dashes, starting with a letter or digit.";
            }
        }

        if (options.UploadsContainer == options.MediaContainer)
        {
            yield return $"{Section}: UploadsContainer and MediaContainer must differ.";
        }

        if (!(options.StagingPrefix is { Length: > 1 } prefix && prefix.EndsWith('/') && StoreKeys.IsSafe(prefix[..^1]) && !prefix.StartsWith(BlobKeys.MediaPrefix, StringComparison.Ordinal)))
        {
            yield return $"{Section}:StagingPrefix must be a folder name ending with '/', outside media/.";
        }

        if (options.BlockSize is < 64 * 1024 or > MaxBlockSize)
        {
            yield return $"{Section}:BlockSize must be between 64 KiB and 2000 MiB.";
        }

        if (options.DeleteConcurrency is < 1 or > 256)
        {
            yield return $"{Section}:DeleteConcurrency must be between 1 and 256.";
        }
    }

    /// <summary>The service's naming rule for containers.</summary>
    private static bool IsContainerName(string? name)
        => name is { Length: >= 3 and <= 63 }
            && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && !name.Contains("--", StringComparison.Ordinal);
}

/// <summary>Key prefixes the blob store treats specially.</summary>
internal static class BlobKeys
{
    public const string MediaPrefix = "media/";
}
