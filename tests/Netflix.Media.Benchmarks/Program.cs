using System.Globalization;
using Netflix.Media;
using Netflix.Media.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "run" when args.Length >= 3:
        {
            var options = new MediaOptions();
            var parallelism = Environment.ProcessorCount;
            for (var i = 3; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--parallel":
                        parallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--chunk":
                        options.ChunkDuration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
                        break;
                    case "--segment":
                        options.SegmentDuration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
                        break;
                    case "--threads":
                        options.Encoding = options.Encoding with { Threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture) };
                        break;
                    case "--runner":
                        options.Runner = Enum.Parse<MediaRunnerKind>(args[i + 1], ignoreCase: true);
                        break;
                    default:
                        throw new ArgumentException($"Unknown option {args[i]}");
                }
            }

            var source = Path.GetFullPath(args[1]);
            var work = Path.GetFullPath(args[2]);
            Directory.CreateDirectory(work);
            var (outcome, spans) = await new EngineHost(options, parallelism).RunAsync(source, Path.GetDirectoryName(source)!, CancellationToken.None);
            foreach (var span in spans)
            {
                Console.WriteLine($"{span.Start.TotalSeconds,8:0.00} {span.End.TotalSeconds,8:0.00} {(span.End - span.Start).TotalSeconds,7:0.00}  {span.Name} {span.Detail}");
            }

            Console.WriteLine(outcome.Failure is null ? "succeeded" : $"failed: {outcome.Failure.ErrorCode}: {outcome.Failure.Reason}");
            return outcome.Failure is null ? 0 : 1;
        }

    default:
        Console.WriteLine("usage: run <source> <work-dir> [--parallel N] [--chunk seconds] [--threads N] [--runner xabe|process]");
        return 2;
}
