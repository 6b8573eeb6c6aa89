using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Functions.Tests.Fixtures;

[Collection(EmulatorsCollection.Name)]
public sealed class AzureEditionTests(Emulators emulators)
{
    [Fact]
    public async Task The_app_composes_over_the_emulators_and_takes_an_upload()
    {
        await using var edition = await emulators.StartEditionAsync();
        var uploads = edition.Get<UploadService>();
        var catalog = edition.Get<ICatalog>();
        await catalog.UpsertUserAsync(new User("ada", "Ada", UserRole.Admin, DateTimeOffset.UtcNow), CancellationToken.None);

        var data = new byte[100_000];
        Random.Shared.NextBytes(data);
        var session = await uploads.CreateAsync("ada", new CreateUploadRequest("A title", null, ["tag"], null, "clip.mp4", data.Length), CancellationToken.None);

        Assert.Equal(VideoStatus.Uploading, (await catalog.FindVideoAsync(session.VideoId, CancellationToken.None))!.Status);
    }
}
