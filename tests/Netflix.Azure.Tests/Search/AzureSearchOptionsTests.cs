using Netflix.Azure.Search;

namespace Netflix.Azure.Tests.Search;

public sealed class AzureSearchOptionsTests
{
    [Theory]
    [InlineData("https://netflix.search.windows.net", "videos")]
    [InlineData("https://netflix.search.windows.net", "videos-2024")]
    public void Good_settings_pass(string endpoint, string indexName)
        => Assert.True(new AzureSearchOptionsValidator().Validate(null, Options(endpoint, indexName)).Succeeded);

    [Theory]
    [InlineData(null, "videos")]
    [InlineData("http://netflix.search.windows.net", "videos")]
    [InlineData("https://netflix.search.windows.net", "Videos")]
    [InlineData("https://netflix.search.windows.net", "v")]
    [InlineData("https://netflix.search.windows.net", "-videos")]
    [InlineData("https://netflix.search.windows.net", "videos-")]
    [InlineData("https://netflix.search.windows.net", "vid--eos")]
    [InlineData("https://netflix.search.windows.net", "vid_eos")]
    public void Bad_settings_fail_the_start_and_the_constructor(string? endpoint, string indexName)
    {
        var options = Options(endpoint, indexName);

        Assert.True(new AzureSearchOptionsValidator().Validate(null, options).Failed);
        Assert.Throws<ArgumentException>(() => new AzureSearchIndex(options, new FixedTokenCredential("t")));
    }

    [Fact]
    public void An_index_name_may_be_at_most_128_characters()
    {
        Assert.True(new AzureSearchOptionsValidator().Validate(null, Options("https://s.search.windows.net", new string('a', 128))).Succeeded);
        Assert.True(new AzureSearchOptionsValidator().Validate(null, Options("https://s.search.windows.net", new string('a', 129))).Failed);
    }

    private static AzureSearchOptions Options(string? endpoint, string indexName)
        => new() { Endpoint = endpoint is null ? null : new Uri(endpoint), IndexName = indexName };
}
