namespace Netflix.Azure.Catalog;

/// <summary>One page of a continuation-paged source and the continuation after it (null at the end).</summary>
public delegate Task<(IReadOnlyList<T> Items, string? Continuation)> PageReader<T>(string? continuation, int maxItems, CancellationToken cancellationToken);

/// <summary>
/// Full pages from a source that, like Cosmos DB, may return short or even empty pages with a continuation, and a
/// continuation after the last item. The result promises what <see cref="Core.Videos.Page{T}"/> does: a full page unless
/// it is the last, and a continuation only if an item follows.
/// </summary>
public static class ContinuationPaging
{
    public static async Task<(List<T> Items, string? Continuation)> ReadPageAsync<T>(
        PageReader<T> read, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = new List<T>(pageSize);
        do
        {
            (var page, continuation) = await read(continuation, pageSize - items.Count, cancellationToken);
            items.AddRange(page);
        }
        while (items.Count < pageSize && continuation is not null);

        // Look one item ahead without consuming it; empty pages on the way are skipped, as nothing is lost by that.
        while (continuation is not null)
        {
            var (ahead, after) = await read(continuation, 1, cancellationToken);
            if (ahead.Count > 0)
            {
                break;
            }

            continuation = after;
        }

        return (items, continuation);
    }
}
