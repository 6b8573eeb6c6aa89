using System.Globalization;
using System.Text.Json.Serialization;

namespace Netflix.Core.Media;

/// <summary>An exact ratio such as a frame rate (30000/1001) or a sample aspect ratio (4/3).</summary>
[JsonConverter(typeof(RationalJsonConverter))]
public readonly record struct Rational(long Numerator, long Denominator)
{
    public static Rational Zero { get; } = new(0, 1);

    public bool IsValid => Numerator > 0 && Denominator > 0;

    public double ToDouble() => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    /// <summary>Parses "30000/1001", "30:1" or "25"; anything unparsable or non-positive yields <see cref="Zero"/>.</summary>
    public static Rational Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Zero;
        }

        var separator = text.IndexOfAny(['/', ':']);
        if (separator < 0)
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) && whole > 0
                ? new Rational(whole, 1)
                : Zero;
        }

        var ok = long.TryParse(text.AsSpan(0, separator), NumberStyles.Integer, CultureInfo.InvariantCulture, out var num)
            & long.TryParse(text.AsSpan(separator + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var den);
        return ok && num > 0 && den > 0 ? new Rational(num, den).Reduce() : Zero;
    }

    public Rational Reduce()
    {
        if (!IsValid)
        {
            return this;
        }

        var gcd = Gcd(Numerator, Denominator);
        return new Rational(Numerator / gcd, Denominator / gcd);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return Math.Abs(a);
    }
}

internal sealed class RationalJsonConverter : JsonConverter<Rational>
{
    public override Rational Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => Rational.Parse(reader.GetString());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Rational value, System.Text.Json.JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
