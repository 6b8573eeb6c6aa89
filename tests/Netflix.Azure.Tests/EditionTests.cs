namespace Netflix.Azure.Tests;

public sealed class EditionTests
{
    [Fact]
    public void The_adapters_assembly_names_its_edition() => Assert.Equal("azure", AzureEdition.Name);
}
