using System.Globalization;
using Netflix.Media;
using Netflix.Media.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "ladder":
        {
            var work = Path.GetFullPath("bench-work");
            var seconds = 120;
            var runs = 3;
            var floor = true;
            var options = new MediaOptions();
            for (var i = 1; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--work":
                        work = Path.GetFullPath(args[i + 1]);
                        break;
                    case "--seconds":
                        seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--runs":
                        runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--floor":
                        floor = bool.Parse(args[i + 1]);
                        break;
                    default:
                        Configure(options, args[i], args[i + 1]);
                        break;
                }
            }

            return await new LadderBenchmark(work, seconds, runs, floor, options).RunAsync();
        }

    case "run" when args.Length >= 3:
        {
            var options = new MediaOptions();
            for (var i = 3; i + 1 < args.Length; i += 2)
            {
                Configure(options, args[i], args[i + 1]);
            }

            var source = Path.GetFullPath(args[1]);
            var work = Path.GetFullPath(args[2]);
            await using var host = new EngineHost(options, Environment.ProcessorCount, work);
            var job = EngineHost.Import(work, source, Path.GetFileNameWithoutExtension(source).Replace(' ', '-'));
            var (outcome, spans) = await host.RunAsync(job, CpuTimes.Now(), CancellationToken.None);
            foreach (var span in spans)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{span.Start.TotalSeconds,8:0.00} {span.End.TotalSeconds,8:0.00} {span.Duration.TotalSeconds,7:0.00}  {span.Name} {span.Detail}"));
            }

            Console.WriteLine(outcome.Failure is null
                ? $"succeeded: {Path.Combine(work, "jobs", job.VideoId, "hls", "master.m3u8")}"
                : $"failed: {outcome.Failure.ErrorCode}: {outcome.Failure.Reason}");
            return outcome.Failure is null ? 0 : 1;
        }

    default:
        Console.WriteLine("usage: ladder [--work DIR] [--seconds 120] [--runs 3] [--floor true|false] [--chunk S] [--first-chunk S]");
        Console.WriteLine("       run SOURCE OUTPUT-DIR [--chunk S] [--first-chunk S] [--segment S] [--threads N] [--runner xabe|process]");
        return 2;
}

static void Configure(MediaOptions options, string name, string value)
{
    TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
    switch (name)
    {
        case "--chunk":
            options.ChunkDuration = Seconds();
            break;
        case "--first-chunk":
            options.FirstChunkDuration = Seconds();
            break;
        case "--segment":
            options.SegmentDuration = Seconds();
            break;
        case "--threads":
            options.Encoding = options.Encoding with { Threads = int.Parse(value, CultureInfo.InvariantCulture) };
            break;
        case "--runner":
            options.Runner = Enum.Parse<MediaRunnerKind>(value, ignoreCase: true);
            break;
        default:
            throw new ArgumentException($"Unknown option {name}");
    }
}
