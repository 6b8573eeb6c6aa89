using System.Diagnostics;
using Netflix.Testing;

using static Netflix.Local.Tests.EndToEnd.HostApi;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>The real host killed with SIGKILL while ffmpeg transcodes: its tools die with it, on either runner.</summary>
public sealed class HostDeathTests : IDisposable
{
    private readonly TempFolder _data = new("netflix-death");

    public static TheoryData<string> Runners => new() { "Xabe", "Process" };

    public void Dispose() => _data.Dispose();

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_killed_host_takes_its_ffmpeg_along_and_the_next_start_clears_what_the_tools_wrote(string runner)
    {
        // One long chunk, encoded slowly: ffmpeg has seconds of work left when the host dies.
        var clip = TestTools.MakeClip(_data.Combine("long.mp4"), "640x360", 12);
        string[] settings =
        [
            .. HostProcess.SmallLadder, "--Local:WorkerSlots=1", $"--Media:Runner={runner}",
            "--Media:ChunkDuration=00:00:12", "--Media:FirstChunkDuration=00:00:12", "--Media:Encoding:Preset=slower",
        ];
        var data = _data.Combine("data");
        var chunkWork = $"{Path.DirectorySeparatorChar}work{Path.DirectorySeparatorChar}tmp{Path.DirectorySeparatorChar}chunk";
        List<string> leftBehind;
        await using (var first = new HostProcess(data, settings))
        {
            await first.StartAsync();
            using var client = Client(first, first.MintToken("ada", "admin"));
            await ChunkedUpload.UploadAsync(client, clip, "Sudden death", "crash");

            var clock = Stopwatch.StartNew();
            List<int> transcoding;
            while ((transcoding = FFmpegMentioning(data, chunkWork)).Count == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no chunk was ever transcoded");
                await Task.Delay(20);
            }

            var arguments = Arguments(transcoding[0]);
            await Task.Delay(300);
            await first.KillAsync();
            clock.Restart();
            while (transcoding.Any(IsRunning) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            var outlived = clock.Elapsed;
            foreach (var pid in transcoding.Where(IsRunning))
            {
                try
                {
                    using var orphan = Process.GetProcessById(pid);
                    orphan.Kill();
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // It ended after all.
                }
            }

            Assert.True(outlived < TimeSpan.FromSeconds(2), $"ffmpeg ran on for {outlived.TotalSeconds:0.0} s after the host died");

            // Nothing the tool writes goes outside the data folder: its progress report goes with its error output.
            var progress = arguments[arguments.IndexOf("-progress") + 1];
            Assert.True(progress == "pipe:2" || progress.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"progress goes to {progress}");

            // What the dead host's tools wrote is in the data folder's scratch space, until the next start.
            var scratch = Path.Combine(data, "scratch");
            leftBehind = Directory.Exists(scratch) ? Directory.EnumerateFiles(scratch, "*", SearchOption.AllDirectories).ToList() : [];
            Assert.NotEmpty(leftBehind);
        }

        await using var second = new HostProcess(data, settings);
        await second.StartAsync();

        Assert.All(leftBehind, file => Assert.False(File.Exists(file), $"{file} outlived the restart"));
    }

    /// <summary>Running ffmpeg processes whose command line mentions both strings.</summary>
    private static List<int> FFmpegMentioning(string first, string second)
        => TestTools.ProcessIdsMentioning(first)
            .Where(pid => Arguments(pid) is [var tool, ..] args
                && Path.GetFileName(tool) == "ffmpeg"
                && args.Any(a => a.Contains(second, StringComparison.Ordinal)))
            .ToList();

    private static List<string> Arguments(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Not gone and not a zombie waiting for its new parent to reap it.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
