using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Netflix.Platform.Benchmarks;

/// <summary>
/// A file of several GiB uploaded through the chunk API (checksummed chunks, each made durable before it is
/// acknowledged) against a plain copy of the same file on the same disk made durable once at the end; and the
/// host's peak resident memory.
/// </summary>
internal static class UploadBenchmark
{
    public static async Task<(double Ratio, long PeakBytes)> RunAsync(BenchHost host, string work, double gib, int parallel, int runs)
    {
        var source = Path.Combine(work, "upload-source.mp4");
        var length = (long)(gib * 1024 * 1024 * 1024);
        if (!File.Exists(source) || new FileInfo(source).Length != length)
        {
            await WriteRandomAsync(source, length);
        }

        var expected = await HashAsync(source);
        var ratios = new List<double>();
        var uploadRates = new List<double>();
        var copyRates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var copyTarget = Path.Combine(work, "upload-copy.bin");
            var copy = Stopwatch.StartNew();
            File.Copy(source, copyTarget, overwrite: true);
            await using (var handle = new FileStream(copyTarget, FileMode.Open, FileAccess.ReadWrite))
            {
                handle.Flush(flushToDisk: true);
            }

            var copySeconds = copy.Elapsed.TotalSeconds;
            File.Delete(copyTarget);

            var upload = Stopwatch.StartNew();
            var videoId = await host.UploadAsync(source, $"Big upload {run + 1}", parallel);
            var uploadSeconds = upload.Elapsed.TotalSeconds;

            var stored = Path.Combine(host.Process.DataDirectory, "store", "sources", videoId);
            var file = Directory.EnumerateFiles(stored).Single();
            if (!(await HashAsync(file)).AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException("The stored upload differs from the file sent.");
            }

            // The random bytes are not a video: the pipeline fails it at once; the upload itself is what is measured.
            await host.WaitForAsync(videoId, TimeSpan.FromMinutes(2));
            File.Delete(file);

            var mib = length / (1024.0 * 1024);
            uploadRates.Add(mib / uploadSeconds);
            copyRates.Add(mib / copySeconds);
            ratios.Add(copySeconds / uploadSeconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"upload: run {run + 1}: chunk API {mib / uploadSeconds:0} MiB/s ({uploadSeconds:0.0} s), file copy {mib / copySeconds:0} MiB/s ({copySeconds:0.0} s), ratio {copySeconds / uploadSeconds:0.00}, host peak RSS {host.Process.PeakResidentBytes / 1048576.0:0} MB"));
        }

        var peak = host.Process.PeakResidentBytes;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"upload: median of {runs} for {gib:0.#} GiB ({parallel} chunk(s) in flight): chunk API {Stats.Median(uploadRates):0} MiB/s, file copy {Stats.Median(copyRates):0} MiB/s, ratio {Stats.Median(ratios):0.00}; host peak RSS {peak / 1048576.0:0} MB (target < 400 MB)"));
        File.Delete(source);
        return (Stats.Median(ratios), peak);
    }

    private static async Task WriteRandomAsync(string path, long length)
    {
        var block = new byte[8 * 1024 * 1024];
        var random = new Random(7);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        for (long written = 0; written < length; written += block.Length)
        {
            random.NextBytes(block);
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - written)));
        }

        file.Flush(flushToDisk: true);
    }

    private static async Task<byte[]> HashAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return await SHA256.HashDataAsync(file);
    }
}
