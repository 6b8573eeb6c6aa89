using System.Diagnostics;

namespace Netflix.Media.Tools;

/// <summary>
/// How both runners start ffmpeg and ffprobe. Through util-linux <c>setpriv --pdeathsig KILL</c>, so the kernel kills
/// the tool when the thread that started it ends, and with it the host however it dies (a host killed mid-transcode
/// leaves no ffmpeg working on); where setpriv is missing or lacks the option the tools are started without it. Then
/// through <c>sh</c>, which sends the tool's standard error to a file: a runner reads that file to its end, so no line
/// can be lost however quickly the tool exits. Every step execs the next, so the tool keeps the pid that was started.
/// </summary>
internal sealed class ToolLauncher
{
    /// <summary>Takes the error file and the command: <c>sh -c SCRIPT sh FILE TOOL ARGS…</c>.</summary>
    private const string Script = "log=$1; shift; exec \"$@\" 2>\"$log\"";

    private static readonly Lazy<ToolLauncher> Found = new(Find);

    private readonly string[] _prefix;

    private ToolLauncher(string program, string[] prefix, bool diesWithParent)
    {
        Program = program;
        _prefix = prefix;
        DiesWithParent = diesWithParent;
    }

    /// <summary>The launcher of this machine, found once per process.</summary>
    public static ToolLauncher Current => Found.Value;

    /// <summary>The executable that is started: setpriv, or sh without it.</summary>
    public string Program { get; }

    /// <summary>Whether a tool dies with the thread that started it.</summary>
    public bool DiesWithParent { get; }

    /// <summary>The arguments <see cref="Program"/> takes to run <paramref name="tool"/>, its standard error going to <paramref name="errorFile"/>.</summary>
    public IReadOnlyList<string> Arguments(string tool, string errorFile, IReadOnlyList<string> arguments)
        => [.. _prefix, errorFile, tool, .. arguments];

    private static ToolLauncher Find()
    {
        var shell = OnPath("sh") ?? throw new MediaToolchainException("No 'sh' was found on PATH; ffmpeg is started through it.");
        string[] viaShell = ["-c", Script, "sh"];
        if (OnPath("setpriv") is { } setpriv && Works(setpriv, ["--pdeathsig", "KILL", "--", shell, "-c", "exit 0"]))
        {
            return new ToolLauncher(setpriv, ["--pdeathsig", "KILL", "--", shell, .. viaShell], diesWithParent: true);
        }

        return new ToolLauncher(shell, viaShell, diesWithParent: false);
    }

    private static string? OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static bool Works(string program, string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
