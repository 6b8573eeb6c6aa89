using System.Text;
using Netflix.Core.Playback;

namespace Netflix.Core.Tests;

/// <summary>The HMAC signer that both editions use for playlist URLs: rotation, binding, expiry.</summary>
[Trait("Report", "security")]
public sealed class PlaybackSignerTests
{
    private static readonly SigningKey Old = new("k1", Encoding.UTF8.GetBytes("the key that signed yesterday!!!"));
    private static readonly SigningKey New = new("k2", Encoding.UTF8.GetBytes("the key that signs from today on"));
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);

    [Fact]
    public void Keys_rotate_without_downtime_links_of_the_old_key_verify_while_it_is_still_listed()
    {
        var before = new HmacPlaybackSigner([Old], "/cdn", TimeProvider.System);
        var during = new HmacPlaybackSigner([New, Old], "/cdn", TimeProvider.System);
        var after = new HmacPlaybackSigner([New], "/cdn", TimeProvider.System);
        var issuedBefore = before.Sign("vid/hls/master.m3u8", Later);
        var issuedDuring = during.Sign("vid/hls/master.m3u8", Later);

        Assert.Contains("kid=k2", issuedDuring, StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Valid, Verify(during, issuedBefore));
        Assert.Equal(SignatureStatus.Valid, Verify(after, issuedDuring));
        Assert.Equal(SignatureStatus.Invalid, Verify(after, issuedBefore));
    }

    [Fact]
    public void A_signature_is_bound_to_its_path_its_parameters_and_its_expiry()
    {
        var signer = new HmacPlaybackSigner([New], "/cdn", TimeProvider.System);
        var url = signer.Sign("vid/hls/master.m3u8", Later, new Dictionary<string, string> { ["start"] = "30", ["cc"] = "NO" });

        Assert.Equal(SignatureStatus.Valid, Verify(signer, url));
        Assert.Equal(SignatureStatus.Invalid, Verify(signer, url.Replace("vid/hls/master", "vid/hls/../master", StringComparison.Ordinal)));
        Assert.Equal(SignatureStatus.Invalid, Verify(signer, url.Replace("vid/", "other/", StringComparison.Ordinal)));
        Assert.Equal(SignatureStatus.Invalid, Verify(signer, url.Replace("cc=NO", "cc=US", StringComparison.Ordinal)));
        Assert.Equal(SignatureStatus.Invalid, Verify(signer, url.Replace("start=30", "start=31", StringComparison.Ordinal)));
        Assert.Equal(SignatureStatus.Invalid, Verify(signer, url + "&start=0"));
        Assert.Equal(SignatureStatus.Expired, Verify(signer, signer.Sign("vid/hls/master.m3u8", DateTimeOffset.UtcNow.AddSeconds(-5))));
        Assert.Equal(SignatureStatus.Missing, Verify(signer, "/cdn/vid/hls/master.m3u8?exp=1"));
    }

    private static SignatureStatus Verify(HmacPlaybackSigner signer, string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = url[..question]["/cdn/".Length..];
        var query = url[(question + 1)..].Split('&').Select(pair => pair.Split('=', 2)).Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])));
        return signer.Verify(path, query, out _);
    }
}
