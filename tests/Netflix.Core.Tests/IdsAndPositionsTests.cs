using Netflix.Core.Errors;
using Netflix.Core.Playback;
using Netflix.Core.Uploads;
using Netflix.Core.Videos;

namespace Netflix.Core.Tests;

public sealed class IdsAndPositionsTests
{
    [Fact]
    public void A_new_id_never_starts_with_what_a_command_line_reads_as_an_option()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New()).ToList();

        Assert.All(ids, id => Assert.True(char.IsAsciiLetterOrDigit(id[0]), id));
        Assert.All(ids, id => Assert.True(Ids.IsValid(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("-rf", false)]
    [InlineData("_hidden", false)]
    [InlineData("", false)]
    [InlineData("a-b_c", true)]
    [InlineData("9lives", true)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    public void An_id_starts_with_a_letter_or_a_digit(string id, bool valid)
    {
        Assert.Equal(valid, Ids.IsValid(id));
        Assert.False(Ids.IsValid(new string('a', Ids.MaxLength + 1)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3.25, 3.25)]
    [InlineData(8, 8)]
    [InlineData(8.1, 8)]
    public void A_time_in_the_video_is_kept_and_a_hair_past_the_end_is_the_end(double seconds, double kept)
    {
        Assert.Equal(TimeSpan.FromSeconds(kept), PlaybackPosition.Check(EightSeconds, seconds, "position"));
    }

    [Theory]
    [InlineData(8.2, "position-out-of-range")]
    [InlineData(42.5, "position-out-of-range")]
    [InlineData(-0.001, "position-invalid")]
    [InlineData(double.NaN, "position-invalid")]
    [InlineData(double.PositiveInfinity, "position-invalid")]
    public void A_time_outside_the_video_is_refused_not_moved(double seconds, string code)
    {
        var error = Assert.Throws<AppException>(() => PlaybackPosition.Check(EightSeconds, seconds, "position"));

        Assert.Equal(code, error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
    }

    private static Video EightSeconds { get; } = new() { Id = "clip", Title = "Clip", UploadedBy = "ada", Duration = TimeSpan.FromSeconds(8) };
}
