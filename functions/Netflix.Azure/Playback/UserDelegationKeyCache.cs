using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging;

namespace Netflix.Azure.Playback;

/// <summary>
/// Signs blob SAS with a user delegation key of the app's managed identity: no account key exists in the app, and
/// revoking the identity's role (or its keys) revokes every URL. The key comes from the service, so it is fetched
/// by <see cref="InitializeAsync"/> at start and renewed in the background well before it expires
/// (<see cref="SasPlaybackOptions.DelegationKeyRenewal"/>); <see cref="Sign"/> only reads the cached key and never
/// waits on the network.
/// </summary>
public sealed partial class UserDelegationKeyCache(BlobServiceClient service, SasPlaybackOptions options, TimeProvider time, ILogger<UserDelegationKeyCache> logger)
    : IBlobSasCredential, IAsyncDisposable
{
    /// <summary>Keys start a little in the past, so a service clock behind ours still accepts them.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stopping = new();
    private UserDelegationKey? _key;
    private ITimer? _timer;

    /// <summary>The key in use; null until <see cref="InitializeAsync"/> has finished.</summary>
    public UserDelegationKey? Current => Volatile.Read(ref _key);

    /// <summary>Fetches the first key and starts the renewal; call once at start, before anything is signed.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        _timer ??= time.CreateTimer(_ => _ = RenewAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(UntilRenewal(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Fetches a new key now and uses it from then on.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UserDelegationKey key = await service.GetUserDelegationKeyAsync(now - ClockSkew, now + options.DelegationKeyLifetime, cancellationToken);
        Volatile.Write(ref _key, key);
        KeyRenewed(logger, key.SignedExpiresOn);
    }

    public string Sign(BlobSasBuilder sas)
    {
        var key = Current ?? throw new InvalidOperationException("No user delegation key yet: call InitializeAsync at start.");
        if (sas.ExpiresOn > key.SignedExpiresOn)
        {
            throw new InvalidOperationException(
                $"The user delegation key expires at {key.SignedExpiresOn:O}, before the link's {sas.ExpiresOn:O}: renewals are failing or DelegationKeyRenewal is shorter than the link lifetime.");
        }

        return sas.ToSasQueryParameters(key, service.AccountName).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private TimeSpan UntilRenewal()
    {
        var due = (Current?.SignedExpiresOn ?? time.GetUtcNow()) - options.DelegationKeyRenewal - time.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private async Task RenewAsync()
    {
        TimeSpan next;
        try
        {
            await RefreshAsync(_stopping.Token);
            next = UntilRenewal();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // A failed renewal is retried; the current key stays valid for days.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RenewalFailed(logger, e, Current?.SignedExpiresOn);
            next = options.DelegationKeyRetry;
        }

        try
        {
            _timer?.Change(next, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while renewing.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User delegation key renewed; it expires at {ExpiresOn}")]
    private static partial void KeyRenewed(ILogger logger, DateTimeOffset expiresOn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the user delegation key failed; the current one expires at {ExpiresOn}")]
    private static partial void RenewalFailed(ILogger logger, Exception exception, DateTimeOffset? expiresOn);
}
