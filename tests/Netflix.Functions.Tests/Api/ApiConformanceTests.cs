using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Netflix.Core.Uploads;
using Netflix.Functions.Tests.Fixtures;
using static Netflix.Functions.Tests.Api.ApiEditions;
using static Netflix.Functions.Tests.Api.ApiRequest;

namespace Netflix.Functions.Tests.Api;

/// <summary>
/// The same requests against the local host (over HTTP, through Kestrel) and the Functions app's HTTP functions (called
/// with an HttpContext, over the emulators): each must get the status and problem code the suite expects, and the
/// two answers the same body shape and the same headers a client acts on.
/// </summary>
[Collection(EmulatorsCollection.Name)]
public sealed partial class ApiConformanceTests(Emulators emulators)
{
    [Theory]
    [MemberData(nameof(ApiCases.Names), MemberType = typeof(ApiCases))]
    public async Task Both_editions_answer_alike(string name)
    {
        var editions = await emulators.EditionsAsync();
        var test = ApiCases.Named(name);
        var request = test.Request with { User = test.Request.User ?? UserFor(name) };

        var local = await editions.Local.SendAsync(request);
        var azure = await editions.Functions.SendAsync(request);

        Conformance.Expect(editions.Local.Name, name, local, test.Status, test.Code);
        Conformance.Expect(editions.Functions.Name, name, azure, test.Status, test.Code);
        Conformance.Alike(name, local, azure, test.LocalOnly);
    }

    [Fact]
    public async Task An_upload_session_is_created_fed_reported_and_completed_alike()
    {
        var editions = await emulators.EditionsAsync();
        var data = RandomNumberGenerator.GetBytes(1000);
        (string Step, int Status, string? Code)[] expected =
        [
            ("create", 201, null),
            ("chunk without a digest", 400, "upload-checksum-missing"),
            ("chunk with another chunk's digest", 400, "upload-checksum-mismatch"),
            ("chunk past the last", 400, "upload-chunk-out-of-range"),
            ("complete with a chunk missing", 409, "upload-incomplete"),
            ("chunk", 200, null),
            ("chunk again", 200, null),
            ("status", 200, null),
            ("complete", 202, null),
            ("chunk after completion", 409, "upload-closed"),
        ];

        var local = await UploadAsync(editions.Local, data);
        var azure = await UploadAsync(editions.Functions, data);

        Conformance.Steps(editions, expected, local, azure);

        Assert.All(new[] { local[7], azure[7] }, status =>
        {
            Assert.Equal(0, status.Json!["missingCount"]!.GetValue<int>());
            Assert.Empty(status.Json!["missing"]!.AsArray());
        });
        Assert.All(new[] { local[8], azure[8] }, completed => Assert.Equal("uploaded", completed.Json!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_received_chunk_is_final_and_a_declared_file_digest_is_checked_at_completion_alike()
    {
        var editions = await emulators.EditionsAsync();
        var data = RandomNumberGenerator.GetBytes(1000);
        var digest = Convert.ToHexStringLower(SHA256.HashData(data));
        (string Step, int Status, string? Code)[] expected =
        [
            ("create with the digest of other bytes", 201, null),
            ("chunk", 200, null),
            ("the chunk with other bytes", 409, "upload-chunk-conflict"),
            ("the chunk again", 200, null),
            ("complete", 409, "upload-file-checksum-mismatch"),
            ("status", 200, null),
            ("complete with the file's digest", 202, null),
            ("status after completion", 200, null),
        ];

        var local = await DigestUploadAsync(editions.Local, data);
        var azure = await DigestUploadAsync(editions.Functions, data);

        Conformance.Steps(editions, expected, local, azure);

        foreach (var answers in new[] { local, azure })
        {
            Assert.Contains(digest, answers[4].Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("open", answers[5].Json!["state"]!.GetValue<string>());
            Assert.Equal([0], answers[5].Json!["received"]!.AsArray().Select(i => i!.GetValue<int>()));
            Assert.Equal("completed", answers[7].Json!["state"]!.GetValue<string>());
            Assert.Equal(digest, answers[7].Json!["sha256"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/api/search?q=conformance")]
    [InlineData($"/api/videos/{Ready}/stream")]
    public async Task A_viewer_over_the_rate_is_refused_alone_with_when_to_come_back(string target)
    {
        var editions = await emulators.EditionsAsync();
        var greedy = Get(target) with { User = UserFor("greedy " + target) };
        var patient = Get(target) with { User = UserFor("patient " + target) };

        // Warm both first, then take turns: each edition's window then starts within a moment of the other's, and the
        // waits they give can be compared.
        foreach (var edition in editions.Both)
        {
            Conformance.Expect(edition.Name, "another viewer first", await edition.SendAsync(patient), 200, null);
        }

        for (var i = 0; i < PerMinute; i++)
        {
            foreach (var edition in editions.Both)
            {
                Conformance.Expect(edition.Name, $"request {i + 1} of {PerMinute}", await edition.SendAsync(greedy), 200, null);
            }
        }

        var local = await editions.Local.SendAsync(greedy);
        var azure = await editions.Functions.SendAsync(greedy);

        Conformance.Expect(editions.Local.Name, "one request too many", local, 429, "rate-limited");
        Conformance.Expect(editions.Functions.Name, "one request too many", azure, 429, "rate-limited");
        Conformance.Alike("one request too many", local, azure);
        Assert.True(int.Parse(local.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        foreach (var edition in editions.Both)
        {
            Conformance.Expect(edition.Name, "another viewer meanwhile", await edition.SendAsync(patient), 200, null);
        }
    }

    [Fact]
    public async Task Signed_playlists_are_rewritten_alike_and_keep_to_the_country_rules()
    {
        var editions = await emulators.EditionsAsync();
        var answers = new List<ApiAnswer[]>();
        foreach (var edition in editions.Both)
        {
            var link = await edition.SendAsync(Get($"/api/videos/{Ready}/stream") with { User = UserFor("playlist viewer") });
            var master = await edition.SendAsync(Get($"/api/cdn/{Ready}/hls/master.m3u8{SignatureOf(link)}", Who.Anonymous));
            var variantUri = master.Body.Split('\n').First(line => line.Length > 0 && !line.StartsWith('#'));
            var variant = await edition.SendAsync(Get($"/api/cdn/{Ready}/hls/{variantUri}", Who.Anonymous));
            var abroad = await edition.SendAsync(Get($"/api/videos/{Blocked}/stream").WithHeader(CountryHeader, "SE") with { User = UserFor("playlist traveller") });
            var carried = await edition.SendAsync(Get($"/api/cdn/{Blocked}/hls/master.m3u8{SignatureOf(abroad)}", Who.Anonymous).WithHeader(CountryHeader, "NO"));
            var stayed = await edition.SendAsync(Get($"/api/cdn/{Blocked}/hls/master.m3u8{SignatureOf(abroad)}", Who.Anonymous).WithHeader(CountryHeader, "SE"));

            Conformance.Expect(edition.Name, "master playlist", master, 200, null);
            Assert.Equal("application/vnd.apple.mpegurl", master.MediaType);
            Assert.Equal(Lines(MasterPlaylist), Lines(master.Body).Select(line => line.Split('?')[0]));
            Assert.Contains("sig=", variantUri, StringComparison.Ordinal);

            // The variant's own signature holds (nothing is stored under it, so the route finds no file).
            Conformance.Expect(edition.Name, "variant playlist", variant, 404, "cdn-not-found");
            Conformance.Expect(edition.Name, "a link carried into a blocked country", carried, 451, "video-geo-blocked");
            Conformance.Expect(edition.Name, "the same link where it was issued", stayed, 200, null);
            answers.Add([master, variant, carried, stayed]);
        }

        string[] steps = ["master playlist", "variant playlist", "a link carried into a blocked country", "the same link where it was issued"];
        for (var i = 0; i < steps.Length; i++)
        {
            Conformance.Alike(steps[i], answers[0][i], answers[1][i]);
        }
    }

    /// <summary>A caller id of the case's own: letters, digits and dashes, as both catalogs store them.</summary>
    private static string UserFor(string name)
    {
        var id = "c-" + NotIdText().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return id[..Math.Min(60, id.Length)];
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The query of a stream link's URL: its signature, expiry and bound parameters.</summary>
    private static string SignatureOf(ApiAnswer link) => new Uri(link.Json!["url"]!.GetValue<string>()).Query;

    private static async Task<List<ApiAnswer>> UploadAsync(IApiEdition edition, byte[] data)
    {
        const string Admin = "c-uploading-admin";
        var created = await edition.SendAsync(Json("POST", "/api/uploads", $$"""{"title": "Conformance upload", "tags": ["conformance"], "fileName": "clip.mp4", "size": {{data.Length}}}""") with { User = Admin });
        var id = created.Json?["uploadId"]?.GetValue<string>() ?? throw new InvalidOperationException($"{edition.Name} made no upload: {created}");
        ApiRequest Chunk(int index, byte[]? digestOf) => digestOf is null
            ? Bytes("PUT", $"/api/uploads/{id}/chunks/{index}", "application/octet-stream", data) with { User = Admin }
            : Bytes("PUT", $"/api/uploads/{id}/chunks/{index}", "application/octet-stream", data).WithHeader("Content-Digest", ContentDigest.Format(SHA256.HashData(digestOf))) with { User = Admin };
        var complete = new ApiRequest("POST", $"/api/uploads/{id}/complete") { As = Who.Admin, User = Admin };

        return
        [
            created,
            await edition.SendAsync(Chunk(0, digestOf: null)),
            await edition.SendAsync(Chunk(0, digestOf: [.. data.Select(b => (byte)~b)])),
            await edition.SendAsync(Chunk(1, digestOf: data)),
            await edition.SendAsync(complete),
            await edition.SendAsync(Chunk(0, digestOf: data)),
            await edition.SendAsync(Chunk(0, digestOf: data)),
            await edition.SendAsync(Get($"/api/uploads/{id}", Who.Admin) with { User = Admin }),
            await edition.SendAsync(complete),
            await edition.SendAsync(Chunk(0, digestOf: data)),
        ];
    }

    private static async Task<List<ApiAnswer>> DigestUploadAsync(IApiEdition edition, byte[] data)
    {
        const string Admin = "c-digest-admin";
        byte[] longer = [.. data, 0];
        var wrong = Convert.ToHexStringLower(SHA256.HashData(longer));
        var created = await edition.SendAsync(Json("POST", "/api/uploads", $$"""{"title": "Digest upload", "fileName": "clip.mp4", "size": {{data.Length}}, "sha256": "{{wrong}}"}""") with { User = Admin });
        var id = created.Json?["uploadId"]?.GetValue<string>() ?? throw new InvalidOperationException($"{edition.Name} made no upload: {created}");
        var other = data.Select(b => (byte)~b).ToArray();
        ApiRequest Chunk(byte[] body, byte[] digestOf)
            => Bytes("PUT", $"/api/uploads/{id}/chunks/0", "application/octet-stream", body).WithHeader("Content-Digest", ContentDigest.Format(SHA256.HashData(digestOf))) with { User = Admin };
        var status = Get($"/api/uploads/{id}", Who.Admin) with { User = Admin };

        return
        [
            created,
            await edition.SendAsync(Chunk(data, data)),
            await edition.SendAsync(Chunk(other, other)),
            await edition.SendAsync(Chunk(data, data)),
            await edition.SendAsync(new ApiRequest("POST", $"/api/uploads/{id}/complete") { As = Who.Admin, User = Admin }),
            await edition.SendAsync(status),
            await edition.SendAsync(Json("POST", $"/api/uploads/{id}/complete", $$"""{"sha256": "{{Convert.ToHexStringLower(SHA256.HashData(data))}}"}""") with { User = Admin }),
            await edition.SendAsync(status),
        ];
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdText();
}
