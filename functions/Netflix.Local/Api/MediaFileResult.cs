using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Netflix.Core.Playback;
using Netflix.Hosting;

namespace Netflix.Local.Api;

/// <summary>
/// Sends an immutable media file (a segment, an init file, an image) the way a CDN edge does: strong ETag and
/// Last-Modified, 304 for a matching If-None-Match, one byte range (with If-Range) as 206 or 416, HEAD without a body.
/// The file is read straight into the response's own buffers, one copy fewer than a stream copy, since segment
/// serving is most of what the platform's bandwidth goes to. Such files never change once written, so they are
/// cached for a year; a missing one is the route's cdn-not-found problem and a range past its end range-not-satisfiable,
/// neither of them cached (every problem answer is no-store).
/// </summary>
public sealed class MediaFileResult(string path, string contentType) : IResult
{
    private const int ReadSize = 256 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        using var handle = OpenOrNull(path);
        if (handle is null)
        {
            var missing = CdnGate.NotFound();
            await Problems.WriteAsync(httpContext, StatusCodes.Status404NotFound, missing.Code, missing.Message);
            return;
        }

        var length = RandomAccess.GetLength(handle);
        var modified = File.GetLastWriteTimeUtc(handle);
        var etag = $"\"{length:x}-{modified.Ticks:x}\"";
        var headers = response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.ETag = etag;
        headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";

        if (Matches(request.Headers.IfNoneMatch.ToString(), etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        long start = 0;
        var count = length;
        var range = request.Headers.Range.ToString();
        var ifRange = request.Headers.IfRange.ToString();
        if (range.Length > 0 && (ifRange.Length == 0 || ifRange == etag))
        {
            switch (ParseRange(range, length, out start, out count))
            {
                case RangeOutcome.Satisfiable:
                    response.StatusCode = StatusCodes.Status206PartialContent;
                    headers.ContentRange = $"bytes {start}-{start + count - 1}/{length}";
                    break;
                case RangeOutcome.Unsatisfiable:
                    headers.ContentRange = $"bytes */{length}";
                    await Problems.WriteAsync(httpContext, RangeNotSatisfiable(length));
                    return;
                default:
                    (start, count) = (0, length);
                    break;
            }
        }

        response.ContentType = contentType;
        response.ContentLength = count;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        var cancellation = httpContext.RequestAborted;
        var writer = response.BodyWriter;
        var offset = start;
        while (count > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(ReadSize, count));
            var wanted = (int)Math.Min(memory.Length, count);
            var read = await RandomAccess.ReadAsync(handle, memory[..wanted], offset, cancellation);
            if (read == 0)
            {
                // The file shrank under us; the declared length cannot be met, so the connection is cut.
                httpContext.Abort();
                return;
            }

            writer.Advance(read);
            offset += read;
            count -= read;
            var flushed = await writer.FlushAsync(cancellation);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>A byte range that starts past the file's end (the answer's Content-Range gives its length).</summary>
    public static Problem RangeNotSatisfiable(long length)
        => new(StatusCodes.Status416RangeNotSatisfiable, "range-not-satisfiable", $"The requested byte range is outside this file, which has {length} bytes.");

    private static SafeFileHandle? OpenOrNull(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static bool Matches(string ifNoneMatch, string etag)
        => ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);

    private enum RangeOutcome
    {
        Ignored,
        Satisfiable,
        Unsatisfiable,
    }

    /// <summary>One range of "bytes=a-b", "bytes=a-" or "bytes=-n". Several ranges, or anything malformed, get the whole file.</summary>
    private static RangeOutcome ParseRange(string header, long length, out long start, out long count)
    {
        start = 0;
        count = length;
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return RangeOutcome.Ignored;
        }

        var spec = header.AsSpan(Unit.Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return RangeOutcome.Ignored;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return RangeOutcome.Ignored;
            }

            if (suffix == 0 || length == 0)
            {
                return RangeOutcome.Unsatisfiable;
            }

            count = Math.Min(suffix, length);
            start = length - count;
            return RangeOutcome.Satisfiable;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            return RangeOutcome.Ignored;
        }

        var end = length - 1;
        if (!last.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                start = 0;
                return RangeOutcome.Ignored;
            }
        }

        if (start >= length)
        {
            return RangeOutcome.Unsatisfiable;
        }

        end = Math.Min(end, length - 1);
        count = end - start + 1;
        return RangeOutcome.Satisfiable;
    }
}
