using System.Data.Common;
using Azure.Storage;
using Azure.Storage.Sas;

namespace Netflix.Azure.Playback;

/// <summary>What signs a blob SAS: a user delegation key in production, the account key on Azurite.</summary>
public interface IBlobSasCredential
{
    /// <summary>The SAS query (without '?') granting what <paramref name="sas"/> describes.</summary>
    string Sign(BlobSasBuilder sas);
}

/// <summary>
/// Signs with the account key. For Azurite only: production accounts have shared keys disabled, and a SAS signed by
/// an account key can only be revoked by rotating the key.
/// </summary>
public sealed class SharedKeySasCredential(StorageSharedKeyCredential key) : IBlobSasCredential
{
    public string Sign(BlobSasBuilder sas) => sas.ToSasQueryParameters(key).ToString();

    /// <summary>The account name and key of a connection string such as Azurite's.</summary>
    public static SharedKeySasCredential FromConnectionString(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parts.TryGetValue("AccountName", out var name) && parts.TryGetValue("AccountKey", out var key)
            ? new SharedKeySasCredential(new StorageSharedKeyCredential((string)name, (string)key))
            : throw new ArgumentException("The connection string has no AccountName and AccountKey.", nameof(connectionString));
    }
}
