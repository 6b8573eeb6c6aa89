using System.Net.Http.Headers;
using System.Net.Http.Json;
using Netflix.Testing;

namespace Netflix.Local.Tests.EndToEnd;

/// <summary>Talking to a host process from the end-to-end tests.</summary>
internal static class HostApi
{
    public static HttpClient Client(HostProcess host, string token)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls a video until <paramref name="done"/> holds, or fails after <paramref name="patience"/>.</summary>
    public static async Task<VideoDto> WaitAsync(HttpClient client, string id, Func<VideoDto, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var video = (await client.GetFromJsonAsync<VideoDto>(new Uri($"/api/videos/{id}", UriKind.Relative)))!;
            if (done(video))
            {
                return video;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Video {id} stayed {video.Status} {video.Progress}.");
            }

            await Task.Delay(100);
        }
    }
}
