using Netflix.Testing;
using static Netflix.Functions.Tests.Api.ApiEditions;
using static Netflix.Functions.Tests.Api.ApiRequest;

namespace Netflix.Functions.Tests.Api;

/// <summary>The conformance suite's single requests: as admin, as viewer and anonymous, good and bad, on every /api route.</summary>
public static class ApiCases
{
    public static IReadOnlyList<ApiCase> All { get; } =
    [
        new("list as viewer", Get("/api/videos"), 200),
        new("list as admin by status", Get("/api/videos?status=ready&pageSize=5", Who.Admin), 200),
        new("list anonymous", Get("/api/videos", Who.Anonymous), 401, "auth-required"),
        new("list with a page size that is not a number", Get("/api/videos?pageSize=ten"), 400, "list-page-size-invalid"),
        new("list with a page size out of range", Get("/api/videos?pageSize=0"), 400, "list-page-size-invalid"),
        new("list with an unknown status", Get("/api/videos?status=lost", Who.Admin), 400, "list-status-invalid"),
        new("viewer lists failed videos", Get("/api/videos?status=failed"), 403, "list-status-forbidden"),
        new("list my uploads as admin", Get("/api/videos?uploadedBy=me&status=ready&pageSize=5", Who.Admin), 200),
        new("list by an empty uploader", Get("/api/videos?uploadedBy=", Who.Admin), 400, "list-uploaded-by-invalid"),
        new("viewer lists by uploader", Get("/api/videos?uploadedBy=me"), 403, "list-uploaded-by-forbidden"),

        new("get a video", Get($"/api/videos/{Ready}"), 200),
        new("get a video as admin", Get($"/api/videos/{Ready}", Who.Admin), 200),
        new("get an unknown video", Get($"/api/videos/{Missing}"), 404, "video-not-found"),
        new("get a video anonymous", Get($"/api/videos/{Ready}", Who.Anonymous), 401, "auth-required"),

        new("stream link", Get($"/api/videos/{Ready}/stream"), 200),
        new("stream link at a resolution and offset", Get($"/api/videos/{Ready}/stream?resolution=240p&offset=1.5&codec=h264"), 200),
        new("stream link as a redirect", Get($"/api/videos/{Ready}/stream?redirect=true"), 302),
        new("stream with an offset that is not a number", Get($"/api/videos/{Ready}/stream?offset=soon"), 400, "stream-offset-invalid"),
        new("stream past the end", Get($"/api/videos/{Ready}/stream?offset=60"), 400, "stream-offset-out-of-range"),
        new("stream at an unknown resolution", Get($"/api/videos/{Ready}/stream?resolution=8k"), 400, "stream-unknown-resolution"),
        new("stream in an unsupported codec", Get($"/api/videos/{Ready}/stream?codec=vp9"), 400, "stream-unsupported-codec"),
        new("stream an unknown video", Get($"/api/videos/{Missing}/stream"), 404, "video-not-found"),
        new("stream anonymous", Get($"/api/videos/{Ready}/stream", Who.Anonymous), 401, "auth-required"),
        new("stream where the edge header says a blocked country", Get($"/api/videos/{Blocked}/stream").WithHeader(CountryHeader, "no"), 451, "video-geo-blocked"),
        new("stream where the edge header says an open country", Get($"/api/videos/{Blocked}/stream").WithHeader(CountryHeader, "SE"), 200),
        new("stream where the profile says a blocked country", Get($"/api/videos/{Blocked}/stream") with { User = Traveller }, 451, "video-geo-blocked"),
        new("stream where the edge header outranks the profile", Get($"/api/videos/{Blocked}/stream").WithHeader(CountryHeader, "SE") with { User = Traveller }, 200),

        new("watch progress never saved", Get($"/api/videos/{Ready}/watch-progress"), 200),
        new("watch progress saved", Json("PUT", $"/api/videos/{Ready}/watch-progress", """{"position": 1.5}""", Who.Viewer), 200),
        new("watch progress without a position", Json("PUT", $"/api/videos/{Ready}/watch-progress", "{}", Who.Viewer), 400, "position-invalid"),
        new("watch progress with malformed json", Json("PUT", $"/api/videos/{Ready}/watch-progress", """{"position": """, Who.Viewer), 400, "request-malformed"),
        new("watch progress of an unknown video", Json("PUT", $"/api/videos/{Missing}/watch-progress", """{"position": 1}""", Who.Viewer), 404, "video-not-found"),
        new("watch progress at the end", Json("PUT", $"/api/videos/{Ready}/watch-progress", """{"position": 4.05}""", Who.Viewer), 200),
        new("watch progress past the end", Json("PUT", $"/api/videos/{Ready}/watch-progress", """{"position": 42.5}""", Who.Viewer), 400, "position-out-of-range"),
        new("watch progress before the start", Json("PUT", $"/api/videos/{Ready}/watch-progress", """{"position": -1}""", Who.Viewer), 400, "position-invalid"),
        new("stream from the very end", Get($"/api/videos/{Ready}/stream?offset=4"), 200),
        new("stream just past the end", Get($"/api/videos/{Ready}/stream?offset=4.5"), 400, "stream-offset-out-of-range"),

        // One rule for a video a viewer may not see: every route answers as for an unknown id.
        new("get a failed video", Get($"/api/videos/{Failed}"), 404, "video-not-found"),
        new("stream a failed video", Get($"/api/videos/{Failed}/stream"), 404, "video-not-found"),
        new("watch progress of a failed video", Get($"/api/videos/{Failed}/watch-progress"), 404, "video-not-found"),
        new("save watch progress of a failed video", Json("PUT", $"/api/videos/{Failed}/watch-progress", """{"position": 1}""", Who.Viewer), 404, "video-not-found"),
        new("get an unfinished video", Get($"/api/videos/{Pending}"), 404, "video-not-found"),
        new("stream an unfinished video", Get($"/api/videos/{Pending}/stream"), 404, "video-not-found"),
        new("watch progress of an unfinished video", Get($"/api/videos/{Pending}/watch-progress"), 404, "video-not-found"),
        new("watch progress of an unknown video read", Get($"/api/videos/{Missing}/watch-progress"), 404, "video-not-found"),
        new("a malformed id", Get("/api/videos/-rf"), 404, "video-not-found"),

        // An admin sees them, and is told why one cannot be played.
        new("get a failed video as admin", Get($"/api/videos/{Failed}", Who.Admin), 200),
        new("stream a failed video as admin", Get($"/api/videos/{Failed}/stream", Who.Admin), 409, "video-failed"),
        new("save watch progress of a failed video as admin", Json("PUT", $"/api/videos/{Failed}/watch-progress", """{"position": 1}"""), 409, "video-failed"),
        new("stream an unfinished video as admin", Get($"/api/videos/{Pending}/stream", Who.Admin), 409, "video-not-ready"),
        new("watch progress of an unfinished video as admin", Get($"/api/videos/{Pending}/watch-progress", Who.Admin), 200),

        new("search", Get("/api/search?q=conformance&tag=conformance&pageSize=5"), 200),
        new("search with a page size that is not a number", Get("/api/search?q=x&pageSize=many"), 400, "search-page-size-invalid"),
        new("search anonymous", Get("/api/search?q=x", Who.Anonymous), 401, "auth-required"),

        new("create an upload as viewer", Json("POST", "/api/uploads", """{"title": "x", "fileName": "a.mp4", "size": 10}""", Who.Viewer), 403, "auth-forbidden"),
        new("create an upload anonymous", Json("POST", "/api/uploads", """{"title": "x", "fileName": "a.mp4", "size": 10}""", Who.Anonymous), 401, "auth-required"),
        new("create an upload with malformed json", Json("POST", "/api/uploads", """{"title": """), 400, "request-malformed"),
        new("create an upload with a wrongly typed field", Json("POST", "/api/uploads", """{"title": "x", "size": "ten"}"""), 400, "request-malformed"),
        new("create an upload as text", Bytes("POST", "/api/uploads", "text/plain", "title=x"u8.ToArray()), 415, "request-unsupported-media-type"),
        new("create an upload with a null body", Json("POST", "/api/uploads", "null"), 400, "request-body-missing"),
        new("create an upload in an unknown charset", Bytes("POST", "/api/uploads", "application/json; charset=no-such-charset", """{"title": "x", "fileName": "a.mp4", "size": 10}"""u8.ToArray()), 415, "request-unsupported-media-type"),
        new("create an upload with a sha256 that is not 64 hex digits", Json("POST", "/api/uploads", """{"title": "x", "fileName": "a.mp4", "size": 10, "sha256": "abc"}"""), 400, "upload-sha256-invalid"),
        new("create an upload with a sha256 that is not hex", Json("POST", "/api/uploads", $$"""{"title": "x", "fileName": "a.mp4", "size": 10, "sha256": "{{new string('g', 64)}}"}"""), 400, "upload-sha256-invalid"),
        new("create an upload without a size", Json("POST", "/api/uploads", """{"title": "x", "fileName": "a.mp4"}"""), 400, "upload-size-invalid"),
        new("create an upload with bad metadata", Json("POST", "/api/uploads", """{"title": "", "tags": ["bad<tag>"], "fileName": "a.mp4", "size": 10}"""), 400, "video-metadata-invalid"),
        new("status of an unknown upload", Get($"/api/uploads/{Missing}", Who.Admin), 404, "upload-not-found"),
        new("status of an upload as viewer", Get($"/api/uploads/{Missing}"), 403, "auth-forbidden"),
        new("chunk of an unknown upload", Bytes("PUT", $"/api/uploads/{Missing}/chunks/0", "application/octet-stream", [1, 2, 3]).WithHeader("Content-Digest", "sha-256=:A5BYxvLAy0ksUzsKTRTvd8wPeKvMztUofYShogEc+4E=:"), 404, "upload-not-found"),
        new("chunk as json", Json("PUT", $"/api/uploads/{Missing}/chunks/0", "{}"), 415, "request-unsupported-media-type"),
        new("complete an unknown upload", new ApiRequest("POST", $"/api/uploads/{Missing}/complete") { As = Who.Admin }, 404, "upload-not-found"),
        new("complete with a body that is not json", Bytes("POST", $"/api/uploads/{Missing}/complete", "text/plain", "sha256"u8.ToArray()), 415, "request-unsupported-media-type"),
        new("complete with malformed json", Json("POST", $"/api/uploads/{Missing}/complete", """{"sha256": """), 400, "request-malformed"),
        new("complete with a sha256 that is not 64 hex digits", Json("POST", $"/api/uploads/{Missing}/complete", """{"sha256": "abc"}"""), 400, "upload-sha256-invalid"),
        new("abort an unknown upload", new ApiRequest("DELETE", $"/api/uploads/{Missing}") { As = Who.Admin }, 404, "upload-not-found"),
        new("one-shot upload as json", Json("POST", "/api/videos", """{"title": "json"}"""), 415, "request-unsupported-media-type"),
        new("one-shot upload without a file part", OneShotWithoutFile(), 400, "upload-data-missing"),
        new("one-shot upload as viewer", OneShotWithoutFile() with { As = Who.Viewer }, 403, "auth-forbidden"),
        .. BrokenForm.All.Select(form => new ApiCase(
            $"one-shot upload with {form.Key}", Bytes("POST", "/api/videos", $"multipart/form-data; boundary={BrokenForm.Boundary}", form.Value), 400, "upload-form-invalid")),

        new("reprocess a ready video", new ApiRequest("POST", $"/api/videos/{Ready}/reprocess") { As = Who.Admin }, 409, "video-not-reprocessable"),
        new("reprocess an unknown video", new ApiRequest("POST", $"/api/videos/{Missing}/reprocess") { As = Who.Admin }, 404, "video-not-found"),
        new("reprocess as viewer", new ApiRequest("POST", $"/api/videos/{Ready}/reprocess"), 403, "auth-forbidden"),
        new("delete as viewer", new ApiRequest("DELETE", $"/api/videos/{Ready}"), 403, "auth-forbidden"),
        new("delete anonymous", new ApiRequest("DELETE", $"/api/videos/{Ready}") { As = Who.Anonymous }, 401, "auth-required"),
        new("set availability", Json("PUT", $"/api/videos/{Rules}/availability", """{"allowed": [], "blocked": ["us", "CA"]}"""), 200),
        new("set availability with a bad country", Json("PUT", $"/api/videos/{Rules}/availability", """{"allowed": ["Norway"]}"""), 400, "video-countries-invalid"),
        new("set availability of an unknown video", Json("PUT", $"/api/videos/{Missing}/availability", """{"blocked": ["NO"]}"""), 404, "video-not-found"),
        new("set availability as viewer", Json("PUT", $"/api/videos/{Rules}/availability", """{"blocked": ["NO"]}""", Who.Viewer), 403, "auth-forbidden"),

        new("readiness", Get("/api/health", Who.Anonymous), 200) { LocalOnly = ["checks.disk"] },
        new("liveness", Get("/api/health/live", Who.Anonymous), 200),

        new("playlist without a signature", Get($"/api/cdn/{Ready}/hls/master.m3u8", Who.Anonymous), 403, "cdn-signature-missing"),
        new("playlist with a forged signature", Get($"/api/cdn/{Ready}/hls/master.m3u8?exp=4102444800&kid=k1&sig=Zm9yZ2Vk", Who.Anonymous), 403, "cdn-signature-invalid"),
        new("segment through the playlist route", Get($"/api/cdn/{Ready}/hls/240p/segment_00000.m4s", Who.Anonymous), 404, "cdn-not-found"),
        new("playlist of a file kind no player fetches", Get($"/api/cdn/{Ready}/hls/notes.m3u8.txt", Who.Anonymous), 404, "cdn-not-found"),
    ];

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static ApiCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>The one-shot form with its fields but no "data" part.</summary>
    private static ApiRequest OneShotWithoutFile()
    {
        using var form = new MultipartFormDataContent("conformance-boundary") { { new StringContent("No file"), "title" } };
        return Bytes("POST", "/api/videos", form.Headers.ContentType!.ToString(), form.ReadAsByteArrayAsync().GetAwaiter().GetResult());
    }
}
