using System.Text.Json;
using Netflix.Core.Media;

namespace Netflix.Core.Tests;

public sealed class RationalTests
{
    [Theory]
    [InlineData("30000/1001", 30000, 1001)]
    [InlineData("30:1", 30, 1)]
    [InlineData("4:3", 4, 3)]
    [InlineData("25", 25, 1)]
    [InlineData("60/2", 30, 1)]
    [InlineData("48000/1600", 30, 1)]
    [InlineData("1/15360", 1, 15360)]
    public void Parse_reads_ffprobe_ratios_in_lowest_terms(string text, long numerator, long denominator)
    {
        Assert.Equal(new Rational(numerator, denominator), Rational.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0/0")]
    [InlineData("0:1")]
    [InlineData("1/0")]
    [InlineData("-1/2")]
    [InlineData("2/-1")]
    [InlineData("0")]
    [InlineData("-25")]
    [InlineData("N/A")]
    [InlineData("29.97")]
    [InlineData("1/2/3")]
    [InlineData("abc")]
    public void Parse_yields_zero_for_unusable_text(string? text)
    {
        var parsed = Rational.Parse(text);

        Assert.Equal(Rational.Zero, parsed);
        Assert.False(parsed.IsValid);
    }

    [Fact]
    public void Reduce_divides_by_the_greatest_common_divisor()
    {
        Assert.Equal(new Rational(16, 9), new Rational(1920, 1080).Reduce());
        Assert.Equal(new Rational(30000, 1001), new Rational(30000, 1001).Reduce());
    }

    [Fact]
    public void Reduce_leaves_an_invalid_ratio_as_it_is()
    {
        Assert.Equal(new Rational(0, 0), new Rational(0, 0).Reduce());
        Assert.Equal(new Rational(-4, 2), new Rational(-4, 2).Reduce());
    }

    [Fact]
    public void ToDouble_divides_and_is_zero_for_a_zero_denominator()
    {
        Assert.Equal(29.97002997, new Rational(30000, 1001).ToDouble(), 8);
        Assert.Equal(0, new Rational(5, 0).ToDouble());
    }

    [Fact]
    public void ToString_writes_numerator_slash_denominator()
    {
        Assert.Equal("30000/1001", new Rational(30000, 1001).ToString());
    }

    [Fact]
    public void Json_writes_a_string_and_reads_it_back()
    {
        var json = JsonSerializer.Serialize(new Rational(30000, 1001));

        Assert.Equal("\"30000/1001\"", json);
        Assert.Equal(new Rational(30000, 1001), JsonSerializer.Deserialize<Rational>(json));
    }

    [Fact]
    public void Json_round_trips_a_rational_inside_a_record()
    {
        var track = new Holder(new Rational(16, 15), new Rational(25, 1));

        var json = JsonSerializer.Serialize(track);
        var back = JsonSerializer.Deserialize<Holder>(json);

        Assert.Contains("\"16/15\"", json, StringComparison.Ordinal);
        Assert.Equal(track, back);
    }

    [Fact]
    public void Json_reads_an_unusable_string_as_zero()
    {
        Assert.Equal(Rational.Zero, JsonSerializer.Deserialize<Rational>("\"0/0\""));
    }

    public sealed record Holder(Rational SampleAspectRatio, Rational FrameRate);
}
