using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Netflix.Azure.Storage;
using Netflix.Core.Media;
using Netflix.Testing;
using Netflix.Testing.Azure;

namespace Netflix.Functions.Benchmarks;

/// <summary>
/// The Blob Storage requests that publishing one title costs, counted on Azurite: a title of N chunks (5 renditions
/// and audio, 2 segments per chunk) is published the way the pipeline publishes it, one stitch per step of the
/// workflow (each adding its chunks' segments and rewriting the playlists), then the thumbnails.
/// </summary>
internal static class BlobCallsBenchmark
{
    private static readonly string[] Renditions = ["2160p", "1080p", "720p", "480p", "240p"];

    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int runs)
    {
        using var azurite = await AzuriteServer.StartAsync([]);
        Console.WriteLine("Blob Storage requests to publish one title (counted on Azurite)");
        Console.WriteLine("| chunks | segments | stitches | requests | requests per segment |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var perSegment = new List<double>();
        foreach (var size in sizes)
        {
            var (segments, stitches, requests) = await PublishAsync(azurite, size);
            perSegment.Add((double)requests / segments);
            Console.WriteLine(Format($"| {size} | {segments} | {stitches} | {requests} | {(double)requests / segments:0.00} |"));
        }

        Console.WriteLine(Format($"Summary: requests per segment {perSegment[^1]:0.00} at {sizes[^1]} chunks vs {perSegment[0]:0.00} at {sizes[0]} (flat = linear in segments)."));
        return 0;
    }

    private static async Task<(int Segments, int Stitches, long Requests)> PublishAsync(AzuriteServer azurite, int chunks)
    {
        using var work = new TempFolder("netflix-blob-calls");
        var counter = new CountingPolicy();
        var options = new BlobClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var service = new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint={azurite.BlobEndpoint};",
            options);
        var store = new BlobMediaStore(service, new BlobStoreOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            UploadsContainer = AzuriteFixture.NewContainerName("uploads"),
            MediaContainer = AzuriteFixture.NewContainerName("media"),
        });
        await store.EnsureContainersAsync(CancellationToken.None);
        var sync = new WorkspaceSync(store, work.Path);
        const string VideoId = "bench";
        var hls = Path.Combine(work.Path, "media", VideoId, "hls");
        var thumbs = Path.Combine(work.Path, "media", VideoId, "thumbs");
        Write(Path.Combine(hls, "audio", "init.mp4"), 600);
        for (var s = 0; s < chunks * 2; s++)
        {
            Write(Path.Combine(hls, "audio", Invariant($"a{s:D5}.m4s")), 64_000);
        }

        foreach (var rendition in Renditions)
        {
            Write(Path.Combine(hls, rendition, "init.mp4"), 800);
        }

        counter.Reset();
        var stitches = 0;
        foreach (var unit in ChunkUnits.Plan(chunks, 64))
        {
            for (var chunk = unit.First; chunk < unit.First + unit.Count; chunk++)
            {
                foreach (var rendition in Renditions)
                {
                    Write(Path.Combine(hls, rendition, Invariant($"c{chunk:D5}_000.m4s")), 1000);
                    Write(Path.Combine(hls, rendition, Invariant($"c{chunk:D5}_001.m4s")), 1000);
                }
            }

            var ready = unit.First + unit.Count;
            foreach (var rendition in Renditions.Append("audio"))
            {
                File.WriteAllText(Path.Combine(hls, rendition, "index.m3u8"), Playlist(ready));
            }

            File.WriteAllText(Path.Combine(hls, "master.m3u8"), "#EXTM3U\n");
            await sync.PublishAsync(VideoId, WorkspaceSync.HlsFolder, CancellationToken.None);
            stitches++;
        }

        Write(Path.Combine(thumbs, "poster.jpg"), 20_000);
        Write(Path.Combine(thumbs, "storyboard_000.jpg"), 50_000);
        File.WriteAllText(Path.Combine(thumbs, "storyboard.vtt"), "WEBVTT\n");
        await sync.PublishAsync(VideoId, WorkspaceSync.ThumbnailsFolder, CancellationToken.None);

        var requests = counter.Count;
        await store.Uploads.DeleteIfExistsAsync();
        await store.Media.DeleteIfExistsAsync();
        return (chunks * 2 * (Renditions.Length + 1), stitches, requests);
    }

    private static string Playlist(int chunks)
        => "#EXTM3U\n" + string.Concat(Enumerable.Range(0, chunks * 2).Select(s => Invariant($"#EXTINF:4,\nc{s / 2:D5}_{s % 2:D3}.m4s\n")));

    private static void Write(string path, int bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
