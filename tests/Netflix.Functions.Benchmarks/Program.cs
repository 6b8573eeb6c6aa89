using System.Globalization;
using Netflix.Functions.Benchmarks;

// The Azure edition's scale as this machine can measure it. `orchestration` runs the app's ingest orchestration for
// titles of several lengths with stub activities; `blob-calls` counts the Blob Storage calls of publishing a title.
var command = args.Length > 0 ? args[0] : "help";

// The Durable test host's sidecar logs every gRPC call at Information through the default console logger.
Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
var runs = 3;
IReadOnlyList<int> chunks = [100, 400, 1350];
for (var i = 1; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--runs":
            runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--chunks":
            chunks = [.. args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}.");
            return 2;
    }
}

return command switch
{
    "orchestration" => await OrchestrationBenchmark.RunAsync(chunks, runs),
    "blob-calls" => await BlobCallsBenchmark.RunAsync(chunks, runs),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("usage: orchestration|blob-calls [--chunks 100,400,1350] [--runs 3]");
    return 2;
}
