using System.Text.Json.Nodes;
using Netflix.Testing;

namespace Netflix.Functions.Tests.Publish;

/// <summary>
/// The Functions app as `dotnet publish` writes it for a deployment (from the build these tests run on), with the
/// machine's ffmpeg and ffprobe standing where the prepackage hook puts the pinned ones. Published once per run.
/// </summary>
public sealed class PublishedApp : IDisposable
{
    private readonly TempFolder _folder = new("netflix-publish");

    public PublishedApp()
    {
        // The machine's own ffmpeg and ffprobe, found as the platform finds them (on PATH).
        var tools = Directory.CreateDirectory(_folder.Combine("tools")).FullName;
        var toolchain = Netflix.Media.Tools.MediaToolchain.Locate(null);
        File.Copy(toolchain.FFmpegPath, Path.Combine(tools, "ffmpeg"));
        File.Copy(toolchain.FFprobePath, Path.Combine(tools, "ffprobe"));

        Output = _folder.Combine("app");
        var project = Path.GetFullPath(Path.Combine(HostProcess.ProjectDirectory, "..", "Netflix.Functions", "Netflix.Functions.csproj"));
        var (code, stdout, stderr) = TestTools.TryRun(
            "dotnet", "publish", project, "--no-build", "--nologo", "-v", "q", "-c", Configuration, "-o", Output,
            $"-p:PartialFeed={PartialFeed.ToString().ToLowerInvariant()}", $"-p:ShippedToolsDirectory={tools}");
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({code}):\n{stdout}\n{stderr}");
        }

        Metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))!.AsArray().Select(f => f!.AsObject()).ToList();
        Extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "extensions.json")))!["extensions"]!.AsArray().Select(e => e!.AsObject()).ToList();
        WorkerConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "worker.config.json")))!.AsObject();
        Host = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "host.json")))!.AsObject();
    }

    /// <summary>Built here without the packages only nuget.org serves (the Service Bus trigger's file is left out).</summary>
    public static bool PartialFeed =>
#if PARTIAL_FEED
        true;
#else
        false;
#endif

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public string Output { get; }

    public IReadOnlyList<JsonObject> Metadata { get; }

    public IReadOnlyList<JsonObject> Extensions { get; }

    public JsonObject WorkerConfig { get; }

    public JsonObject Host { get; }

    /// <summary>The functions whose trigger binding has this type (orchestrationTrigger, activityTrigger, httpTrigger, …).</summary>
    public IEnumerable<JsonObject> Triggered(string type) => Metadata.Where(f => Trigger(f)?["type"]?.GetValue<string>() == type);

    public static JsonObject? Trigger(JsonObject function)
        => function["bindings"]!.AsArray().Select(b => b!.AsObject()).FirstOrDefault(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));

    public static string Name(JsonObject function) => function["name"]!.GetValue<string>();

    public void Dispose() => _folder.Dispose();
}
