using Microsoft.AspNetCore.Http;
using Netflix.Local.Api;

namespace Netflix.Local.Tests;

[Trait("Report", "security")]
public sealed class RequestLogTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("?q=harbour&tag=sea", "?q=harbour&tag=sea")]
    [InlineData("?exp=1700000000&kid=k1&sig=c2VjcmV0", "?exp=1700000000&kid=k1&sig=***")]
    [InlineData("?access_token=eyJ.abc.def&next=20", "?access_token=***&next=20")]
    [InlineData("?%73ig=c2VjcmV0", "?%73ig=***")]
    [InlineData("?SIG=x&flag&code=123", "?SIG=***&flag&code=***")]
    [InlineData("?q=a%3Db&password=hunter2", "?q=a%3Db&password=***")]
    public void Only_harmless_query_values_are_logged(string query, string logged)
    {
        Assert.Equal(logged, RequestLog.MaskQuery(new QueryString(query.Length == 0 ? null : query)));
    }
}
