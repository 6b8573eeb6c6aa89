using System.Net;
using Azure;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netflix.Azure.Catalog;
using Netflix.Azure.Playback;
using Netflix.Azure.Search;
using Netflix.Azure.Storage;

namespace Netflix.Azure;

/// <summary>How long the start waits for the app identity's access, and how often it asks. Bound from the "Startup" section.</summary>
public sealed class AzureStartupOptions
{
    public const string SectionName = "Startup";

    /// <summary>
    /// How long, from the start, refusals of the app identity (403 from Storage, Cosmos DB or AI Search; no token from
    /// the identity) are tried again before the start fails: new role assignments take minutes to reach the services
    /// after a deployment. Zero fails at the first refusal.
    /// </summary>
    public TimeSpan AccessWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The pause after a step's first refusal; each further pause doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between two tries of a step.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Fails the start on waits that make no sense.</summary>
public sealed class AzureStartupOptionsValidator : IValidateOptions<AzureStartupOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureStartupOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(AzureStartupOptions options)
    {
        const string Section = AzureStartupOptions.SectionName;
        if (options.AccessWait < TimeSpan.Zero)
        {
            yield return $"{Section}:AccessWait must not be negative.";
        }

        if (options.FirstRetryDelay <= TimeSpan.Zero)
        {
            yield return $"{Section}:FirstRetryDelay must be positive.";
        }

        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            yield return $"{Section}:MaxRetryDelay must be at least FirstRetryDelay.";
        }
    }
}

/// <summary>
/// Creates what the platform needs before it serves: the blob containers, the Cosmos DB database and containers, the
/// search index and a first user delegation key. Right after a deployment the identity's role assignments can take
/// minutes to reach each service, so a step the service refuses for access (or that gets no token from the identity)
/// is tried again after a pause that doubles up to <see cref="AzureStartupOptions.MaxRetryDelay"/>, until
/// <see cref="AzureStartupOptions.AccessWait"/> has passed since the start. Any other failure, such as a wrong
/// endpoint or name or an operation no role grants, fails the start at once.
/// </summary>
public sealed partial class AzureStartup(
    BlobMediaStore store,
    CosmosClient cosmos,
    IOptions<CosmosCatalogOptions> cosmosOptions,
    AzureSearchIndex index,
    UserDelegationKeyCache keys,
    IOptions<AzureStartupOptions> options,
    TimeProvider time,
    ILogger<AzureStartup> logger) : IHostedService
{
    /// <summary>Cosmos DB's 403 sub-status for an operation Entra tokens may never do on the data plane (creating a database or container).</summary>
    private const int NotAllowedOnDataPlane = 5300;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await StepAsync("blob containers", store.EnsureContainersAsync, started, cancellationToken);
        await StepAsync("Cosmos DB containers", ct => CosmosCatalog.CreateContainersAsync(cosmos, cosmosOptions.Value, ct), started, cancellationToken);
        await StepAsync("search index", index.EnsureIndexAsync, started, cancellationToken);
        await StepAsync("user delegation key", keys.InitializeAsync, started, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// What in <paramref name="error"/> says the identity was refused in a way a role assignment still on its way
    /// explains, or null when nothing does. An identity's failure can come wrapped (Azure.Core's retry makes an
    /// AggregateException of its tries, Cosmos DB's token cache a 401), so the inner exceptions count too.
    /// </summary>
    public static string? AccessRefusal(Exception error) => error switch
    {
        // CredentialUnavailableException is one too.
        AuthenticationFailedException => $"no token from the identity: {error.GetType().Name}",
        RequestFailedException { Status: (int)HttpStatusCode.Forbidden } refused => $"403 {refused.ErrorCode}",
        CosmosException { StatusCode: HttpStatusCode.Forbidden, SubStatusCode: not NotAllowedOnDataPlane } refused => $"403.{refused.SubStatusCode}",
        AggregateException all => all.InnerExceptions.Select(AccessRefusal).FirstOrDefault(reason => reason is not null),
        { InnerException: { } inner } => AccessRefusal(inner),
        _ => null,
    };

    private async Task StepAsync(string step, Func<CancellationToken, Task> run, long started, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pause = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await run(cancellationToken);
                if (attempt > 1)
                {
                    var elapsed = time.GetElapsedTime(started);
                    Granted(logger, step, attempt, elapsed);
                }

                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && AccessRefusal(error) is { } refusal)
            {
                var left = settings.AccessWait - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    StillRefused(logger, error, step, attempt, settings.AccessWait);
                    throw new InvalidOperationException(
                        $"The app identity was still refused ({refusal}) for the {step} {settings.AccessWait} after the start: check its role assignments, or raise {AzureStartupOptions.SectionName}:AccessWait.",
                        error);
                }

                var wait = pause < left ? pause : left;
                Refused(logger, step, refusal, attempt, wait);
                await Task.Delay(wait, time, cancellationToken);
                pause = pause * 2 < settings.MaxRetryDelay ? pause * 2 : settings.MaxRetryDelay;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up: the {Step} step was refused ({Refusal}) on try {Attempt}; new role assignments can take minutes to apply, trying again in {Delay}")]
    private static partial void Refused(ILogger logger, string step, string refusal, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up: the {Step} step succeeded on try {Attempt}, {Elapsed} after the start")]
    private static partial void Granted(ILogger logger, string step, int attempt, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up: the {Step} step was still refused on try {Attempt}, {AccessWait} after the start; the start fails")]
    private static partial void StillRefused(ILogger logger, Exception exception, string step, int attempt, TimeSpan accessWait);
}
