using Azure.Core;
using Azure.Storage.Blobs;

namespace Netflix.Azure.Storage;

/// <summary>Makes the Blob service client the store and the SAS signer share.</summary>
public static class BlobServiceClients
{
    /// <summary>
    /// Production: the account's endpoint reached with <paramref name="credential"/> (the managed identity through
    /// DefaultAzureCredential; it needs Storage Blob Data Contributor, which also covers the same-account copy at
    /// commit and user delegation keys). Azurite: the connection string, with its well-known account key.
    /// </summary>
    public static BlobServiceClient Create(BlobStoreOptions options, TokenCredential? credential, BlobClientOptions? clientOptions = null)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobServiceClient(options.ConnectionString, clientOptions);
        }

        var endpoint = options.ServiceUri ?? throw new InvalidOperationException($"{BlobStoreOptions.SectionName}:ServiceUri is not set.");
        return new BlobServiceClient(endpoint, credential ?? throw new ArgumentNullException(nameof(credential), "An identity is needed to reach the blob endpoint."), clientOptions);
    }
}
