using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Azure.Cosmos;
using Xunit;

namespace Netflix.Testing.Azure;

/// <summary>
/// The Cosmos DB stand-in (npm @vercel/cosmosdb-server) as a child process on a free loopback port, and clients set up
/// the way it needs: gateway mode, its one endpoint only, its own self-signed certificate pinned. Each test takes its own
/// database for isolation.
/// </summary>
public sealed class CosmosFixture : IAsyncLifetime
{
    /// <summary>The Cosmos DB emulator's published key; the stand-in accepts any.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU9DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _log = new();
    private readonly List<CosmosClient> _clients = [];
    private SocketsHttpHandler? _handler;
    private Process? _server;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A client for the whole run; tests that need a second, independent one call <see cref="CreateClient"/>.</summary>
    public CosmosClient Client { get; private set; } = null!;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        // Without it the SDK cannot plan queries on Linux and every query fails.
        Environment.SetEnvironmentVariable("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");
        var package = PackageFolder();
        using var standInCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(package, "cert.pem")));
        var pinned = standInCertificate.RawData;

        // The stand-in's certificate is self-signed and expired: trust exactly that one, in this client only.
        _handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned) },
        };

        // A port found free can be taken before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = TestTools.FreeLoopbackPort();
            if (await StartServerAsync(Path.Combine(package, "lib", "cli.js"), port))
            {
                Endpoint = new Uri($"https://127.0.0.1:{port}/");
                break;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"The Cosmos DB stand-in did not start:\n{Log}");
            }
        }

        Client = CreateClient();
    }

    public Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        StopServer();
        _handler?.Dispose();
        return Task.CompletedTask;
    }

    public CosmosClient CreateClient()
    {
        var client = new CosmosClient(
            Endpoint.ToString(),
            Key,
            new CosmosClientOptions
            {
                ConnectionMode = ConnectionMode.Gateway,
                LimitToEndpoint = true,
                HttpClientFactory = () => new HttpClient(_handler!, disposeHandler: false),
                RequestTimeout = TimeSpan.FromSeconds(10),
            });
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>A database name no other test uses.</summary>
    public static string NewDatabaseName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task DeleteDatabaseAsync(string name)
    {
        using var response = await Client.GetDatabase(name).DeleteStreamAsync();
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private async Task<bool> StartServerAsync(string script, int port)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--host", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        // It announces itself once listening; a port taken in between makes it exit instead.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new Process { StartInfo = info, EnableRaisingEvents = true };
        server.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.StartsWith("Ready to accept", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        server.ErrorDataReceived += (_, e) => Append(e.Data);
        server.Exited += (_, _) => listening.TrySetCanceled();
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;

        try
        {
            await listening.Task.WaitAsync(StartTimeout);
            return true;
        }
        catch (Exception ex) when (ex is TaskCanceledException or TimeoutException)
        {
            StopServer();
            return false;
        }
    }

    private void StopServer()
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                _server.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }

        _server.Dispose();
        _server = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }


    /// <summary>The stand-in's npm package in the test project's node_modules, found from the build output upwards.</summary>
    private static string PackageFolder()
    {
        const string Relative = "tests/Netflix.Azure.Tests/node_modules/@vercel/cosmosdb-server";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var package = Path.Combine(folder.FullName, Relative);
            if (File.Exists(Path.Combine(package, "lib", "cli.js")))
            {
                return package;
            }
        }

        throw new InvalidOperationException($"No {Relative} above {AppContext.BaseDirectory}: run `npm ci` in tests/Netflix.Azure.Tests.");
    }
}
