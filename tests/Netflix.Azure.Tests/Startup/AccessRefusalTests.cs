using System.Net;
using Azure;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Netflix.Azure.Tests.Startup;

/// <summary>Which failures the start waits out: the services' and the identity's refusals of access, and nothing else.</summary>
public sealed class AccessRefusalTests
{
    [Fact]
    public void A_403_from_storage_or_search_is_a_refusal()
    {
        Assert.Equal("403 AuthorizationPermissionMismatch", AzureStartup.AccessRefusal(new RequestFailedException(403, "This request is not authorized.", "AuthorizationPermissionMismatch", null)));
    }

    [Fact]
    public void Cosmos_db_lacking_the_role_is_a_refusal_but_an_operation_no_role_allows_is_not()
    {
        Assert.Equal("403.5301", AzureStartup.AccessRefusal(Cosmos(HttpStatusCode.Forbidden, 5301)));
        Assert.Null(AzureStartup.AccessRefusal(Cosmos(HttpStatusCode.Forbidden, 5300)));
        Assert.Null(AzureStartup.AccessRefusal(Cosmos(HttpStatusCode.NotFound, 0)));
    }

    [Fact]
    public void An_identity_that_gives_no_token_is_a_refusal_however_the_sdk_wraps_it()
    {
        Assert.NotNull(AzureStartup.AccessRefusal(new CredentialUnavailableException("No managed identity endpoint found.")));
        Assert.NotNull(AzureStartup.AccessRefusal(new AggregateException(new IOException("reset"), new AuthenticationFailedException("IMDS answered 500."))));
        Assert.NotNull(AzureStartup.AccessRefusal(new InvalidOperationException("outer", new AuthenticationFailedException("inner"))));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(0)]
    public void Other_service_answers_are_not(int status)
    {
        Assert.Null(AzureStartup.AccessRefusal(new RequestFailedException(status, "no", "Other", null)));
    }

    [Fact]
    public void Settings_and_programming_errors_are_not()
    {
        Assert.Null(AzureStartup.AccessRefusal(new OptionsValidationException("Search", typeof(object), ["Search:Endpoint must be set."])));
        Assert.Null(AzureStartup.AccessRefusal(new UriFormatException()));
        Assert.Null(AzureStartup.AccessRefusal(new AggregateException(new IOException("reset"))));
    }

    private static CosmosException Cosmos(HttpStatusCode status, int subStatus) => new("refused", status, subStatus, "activity", 0);
}
