using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Xunit;

namespace Netflix.Testing.Azure;

/// <summary>
/// Azurite's Blob service (npm azurite) as a child process on a free loopback port with a fresh data folder, and a
/// client for its well-known development account. Tests isolate themselves by container names of their own.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The development account's published key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private AzuriteServer? _server;

    /// <summary>http://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobEndpoint => _server?.BlobEndpoint ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    public BlobServiceClient Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await AzuriteServer.StartAsync([]);
        Service = new BlobServiceClient(ConnectionString);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A container name no other test uses (3-63 lower-case letters, digits and dashes).</summary>
    public static string NewContainerName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
}

/// <summary>
/// One Azurite Blob process: started on a free port (retried, as a port found free can be taken before Azurite binds
/// it), stopped with SIGTERM twice (Azurite closes on the second), then killed if still there.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _log = new();
    private readonly TempFolder _location;
    private Process? _process;

    private AzuriteServer(TempFolder location) => _location = location;

    /// <summary>http(s)://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

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

    /// <param name="extraArguments">e.g. --cert/--key/--oauth for an https endpoint that accepts Entra ID tokens.</param>
    public static async Task<AzuriteServer> StartAsync(IReadOnlyList<string> extraArguments)
    {
        var https = extraArguments.Contains("--cert");
        for (var attempt = 1; ; attempt++)
        {
            var server = new AzuriteServer(new TempFolder("netflix-azurite"));
            var port = TestTools.FreeLoopbackPort();
            if (await server.TryStartAsync(port, extraArguments))
            {
                server.BlobEndpoint = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{port}/{AzuriteFixture.AccountName}");
                return server;
            }

            var log = server.Log;
            server.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start:\n{log}");
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _location.Dispose();
    }

    private async Task<bool> TryStartAsync(int port, IReadOnlyList<string> extraArguments)
    {
        var info = new ProcessStartInfo(Path.Combine(PackageFolder(), "node_modules", ".bin", "azurite-blob"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--silent", "--location", _location.Path, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableTelemetry", .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            // Printed once the server listens.
            if (Log.Contains("successfully listens", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    private void Stop()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            for (var signal = 0; signal < 2 && !process.HasExited; signal++)
            {
                Terminate(process.Id);
                process.WaitForExit(TimeSpan.FromSeconds(2));
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Sends SIGTERM to one process by its id.</summary>
    private static void Terminate(int processId)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-TERM");
        info.ArgumentList.Add(processId.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
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


    /// <summary>tests/Netflix.Azure.Tests (where npm installed Azurite), found from the build output upwards.</summary>
    private static string PackageFolder()
    {
        const string Relative = "node_modules/.bin/azurite-blob";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { folder.FullName, Path.Combine(folder.FullName, "tests", "Netflix.Azure.Tests") })
            {
                if (File.Exists(Path.Combine(candidate, Relative)) && File.Exists(Path.Combine(candidate, "Netflix.Azure.Tests.csproj")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"No tests/Netflix.Azure.Tests/{Relative} above {AppContext.BaseDirectory}: run `npm ci` in tests/Netflix.Azure.Tests.");
    }
}
