using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Netflix.Testing;

/// <summary>
/// The host as its own process, the way `dotnet run` starts it: the project's build output (which serves its pages from
/// next to itself), started in the project folder unless told otherwise, a data folder and a free loopback port.
/// Stoppable gently or with SIGKILL.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public HostProcess(string dataDirectory, params string[] settings)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        Port = TestTools.FreeLoopbackPort();
    }

    /// <summary>
    /// Settings for a host that processes short clips fast: 1 s segments, 2 s chunks, a 240p and a 144p rung,
    /// 64 KiB upload chunks, warnings only in the log.
    /// </summary>
    public static string[] SmallLadder =>
    [
        "--Media:SegmentDuration=00:00:01", "--Media:ChunkDuration=00:00:02", "--Media:FirstChunkDuration=00:00:01",
        "--Media:Ladder:0:Name=240p", "--Media:Ladder:0:Height=240", "--Media:Ladder:0:BitrateKbps=400",
        "--Media:Ladder:1:Name=144p", "--Media:Ladder:1:Height=144", "--Media:Ladder:1:BitrateKbps=150",
        "--Uploads:ChunkSize=65536", "--Logging:LogLevel:Default=Warning",
    ];

    public string DataDirectory { get; }

    /// <summary>The folder the host is started in (the project folder unless told otherwise).</summary>
    public string WorkingDirectory { get; init; } = ProjectDirectory;

    /// <summary>Starts the host without --data, so it keeps its data where it does by default.</summary>
    public bool DefaultDataFolder { get; init; }

    public IReadOnlyList<string> Settings { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int? ProcessId => _process?.Id;

    /// <summary>The host's peak resident memory so far (VmHWM), in bytes; 0 once it has exited.</summary>
    public long PeakResidentBytes => ReadStatusKilobytes("VmHWM") * 1024;

    /// <summary>The host's resident memory now (VmRSS), in bytes; 0 once it has exited.</summary>
    public long ResidentBytes => ReadStatusKilobytes("VmRSS") * 1024;

    /// <summary>CPU time the host has used (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                return _process is { HasExited: false } ? _process.TotalProcessorTime : TimeSpan.Zero;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

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

    public static string ProjectDirectory { get; } = FindProjectDirectory();

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostDll());
        string[] data = DefaultDataFolder ? [] : ["--data", DataDirectory];
        foreach (var argument in data.Concat(["--urls", BaseAddress.ToString().TrimEnd('/')]).Concat(Settings))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                using var health = await client.GetAsync(new Uri(BaseAddress, "/api/health"));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host did not become healthy: {Log}");
    }

    /// <summary>A crash: SIGKILL to the host alone; whatever it was running is left as it was.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>A gentle stop: SIGTERM, as a service manager sends, then waits for the host and its output to end.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            if (SendSignal(_process.Id, 15) != 0)
            {
                throw new InvalidOperationException($"SIGTERM to {_process.Id} failed ({Marshal.GetLastPInvokeError()}).");
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(patience.Token);
        }
    }

    /// <summary>Mints a bearer token with the host's own command, for the same data folder.</summary>
    public string MintToken(string user, string role)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = ProjectDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { HostDll(), "token", "--user", user, "--role", role, "--data", DataDirectory }.Concat(Settings))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim().Split('\n')[^1] : throw new InvalidOperationException($"token failed: {errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private long ReadStatusKilobytes(string key)
    {
        if (_process is null)
        {
            return 0;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process has gone.
        }

        return 0;
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

    /// <summary>The host's build output next to this test's (same configuration).</summary>
    private static string HostDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(ProjectDirectory, "bin", configuration, "net10.0", "Netflix.Local.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }

    private static string FindProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "functions", "Netflix.Local");
            if (File.Exists(Path.Combine(project, "Netflix.Local.csproj")))
            {
                return project;
            }
        }

        throw new DirectoryNotFoundException("The repository's functions/Netflix.Local folder was not found above the test output.");
    }

}
