using System.Globalization;
using Netflix.Azure.Catalog;

namespace Netflix.Azure.Tests.Catalog;

/// <summary>
/// Full pages over a source that pages the way Cosmos DB may, which the stand-in never does: at most two items per
/// response whatever was asked, an empty response with a continuation before every fourth item, and a continuation
/// after the last item.
/// </summary>
public sealed class ContinuationPagingTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(12, 3)]
    [InlineData(12, 4)]
    [InlineData(5, 5)]
    [InlineData(4, 10)]
    [InlineData(7, 1)]
    public async Task Pages_are_full_unbroken_and_the_last_has_no_continuation(int total, int pageSize)
    {
        var source = new StingySource(total);
        var pages = new List<List<int>>();
        string? continuation = null;
        do
        {
            (var items, continuation) = await ContinuationPaging.ReadPageAsync<int>(source.ReadAsync, pageSize, continuation, CancellationToken.None);
            pages.Add(items);
            Assert.True(pages.Count <= total + 1, "The pages never end.");
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Range(0, total), pages.SelectMany(p => p));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(pageSize, p.Count));
        Assert.Equal(total % pageSize == 0 ? pageSize : total % pageSize, pages[^1].Count);
    }

    [Fact]
    public async Task An_empty_source_is_one_empty_page()
    {
        var (items, continuation) = await ContinuationPaging.ReadPageAsync<int>(new StingySource(0).ReadAsync, 3, null, CancellationToken.None);

        Assert.Empty(items);
        Assert.Null(continuation);
    }

    /// <summary>Items 0..total-1; a continuation is the next offset, with "!" once the empty response there was given.</summary>
    private sealed class StingySource(int total)
    {
        public Task<(IReadOnlyList<int> Items, string? Continuation)> ReadAsync(string? continuation, int maxItems, CancellationToken cancellationToken)
        {
            Assert.InRange(maxItems, 1, int.MaxValue);
            var emptied = continuation?.EndsWith('!') == true;
            var offset = continuation is null ? 0 : int.Parse(continuation.TrimEnd('!'), CultureInfo.InvariantCulture);
            if (offset >= total)
            {
                return Result([], null);
            }

            if (offset % 4 == 3 && !emptied)
            {
                return Result([], $"{offset}!");
            }

            var count = Math.Min(Math.Min(maxItems, 2), total - offset);
            return Result(Enumerable.Range(offset, count).ToList(), (offset + count).ToString(CultureInfo.InvariantCulture));
        }

        private static Task<(IReadOnlyList<int> Items, string? Continuation)> Result(IReadOnlyList<int> items, string? continuation)
            => Task.FromResult((items, continuation));
    }
}
