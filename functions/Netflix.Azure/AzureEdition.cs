namespace Netflix.Azure;

/// <summary>Marker for the Azure edition's adapters assembly.</summary>
public static class AzureEdition
{
    public const string Name = "azure";
}
