using Netflix.Core.Search;
using Netflix.Testing.Azure;

namespace Netflix.Azure.Tests.Search;

/// <summary>Walking the newest-first listing across the service's 100,000 skip limit, against a contract double.</summary>
public sealed class AzureSearchDeepListingTests
{
    [Fact]
    public async Task The_listing_continues_past_the_skip_limit_without_gaps_or_repeats()
    {
        // Three videos share each second, and ids do not follow the time order, so only an exact cursor keeps the order.
        const int Count = 100_137;
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var videos = Enumerable.Range(0, Count)
            .Select(i => new KeysetListingDouble.Video($"v{(i * 7919L) % Count:D6}", start.AddSeconds(-(i / 3))))
            .ToList();
        var expected = videos.OrderByDescending(v => v.PublishedAt).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => v.Id).ToList();
        var service = new FakeSearchService { Reply = KeysetListingDouble.Over(videos) };
        var index = service.Index();

        var seen = new List<string>();
        var token = PageToken.Encode(99_960);
        while (token is not null && seen.Count < Count)
        {
            var page = await index.SearchAsync(new SearchQuery("", [], 25, token), CancellationToken.None);
            Assert.Equal(Count, page.Total);
            seen.AddRange(page.Hits.Select(h => h.VideoId));
            token = page.NextPageToken;
        }

        Assert.Null(token);
        Assert.Equal(expected.Skip(99_960), seen);
        Assert.Contains(service.Requests, r => r.Json["skip"] is null && ((string?)r.Json["filter"])!.Contains(" id gt ", StringComparison.Ordinal));
    }
}
