using System.Text;
using Netflix.Azure.Auth;

namespace Netflix.Azure.Tests.Auth;

public sealed class ClientPrincipalTests
{
    [Fact]
    public void A_platform_principal_gives_the_user_id_name_and_roles()
    {
        var principal = ClientPrincipal.Parse(ClientPrincipal.Encode("0f8e-oid", "Ada", "admin"))!;

        Assert.Equal("0f8e-oid", principal.FindFirst("sub")!.Value);
        Assert.Equal("Ada", principal.Identity!.Name);
        Assert.True(principal.IsInRole("admin"));
        Assert.False(principal.IsInRole("viewer"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("eyJjbGFpbXMiOiJub3QgYW4gYXJyYXkifQ==")]
    public void Anything_else_is_no_caller(string? header) => Assert.Null(ClientPrincipal.Parse(header));

    [Fact]
    public void A_principal_without_an_object_id_is_no_caller()
    {
        var json = """{"auth_typ":"aad","claims":[{"typ":"name","val":"Nobody"},{"typ":"roles","val":"admin"}]}""";

        Assert.Null(ClientPrincipal.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));
    }
}
