using System.Diagnostics;
using System.Text;
using Netflix.Media.Tools;

namespace Netflix.Media.Tests.Unit;

public sealed class CommandLineTests
{
    public static TheoryData<string[]> Arguments => new()
    {
        { ["plain", "-i", "/media/in.mp4"] },
        { ["with space", "two  spaces", " leading", "trailing ", "\ttab"] },
        { ["say \"hi\"", "\"", "\"\"", "a\"b\"c"] },
        { [@"C:\path\to", @"back\\slashes", @"trailing\", @"trailing\\", @"\", @"\\"] },
        { [@"quote after backslash\""", @"\\""", @"a\\\""b"] },
        { ["", "between", "", ""] },
        { ["it's", "'single'", "'", "''"] },
        { ["unicode: héllo wörld", "日本語", "emoji 🎬", "Ω≈ç√"] },
        { ["concat:/a/init.mp4|/a/seg 1.m4s", "scale=1280:-2,fps=1/10", "movflags=+frag_discont", "%03d", "$HOME", "`ls`", "a;b&&c", "*", "~"] },
        { ["line\nbreak", "\n", "cr\r\nlf", "vt\vff\f", "   "] },
        { ["trim=end_frame=360,setpts=PTS-STARTPTS,format=yuv420p[b0];[b0]split=2[v0][b1]"] },
    };

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Joined_string_splits_back_into_the_same_arguments(string[] arguments)
    {
        Assert.Equal(arguments, RoundTrip(arguments));
    }

    [Fact]
    public void Simple_arguments_are_joined_without_quotes()
    {
        Assert.Equal("-hide_banner -i /media/in.mp4 -c:v libx264", CommandLine.Join(["-hide_banner", "-i", "/media/in.mp4", "-c:v", "libx264"]));
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"dir\", "\"dir\\\\\"")]
    [InlineData(@"a\b", "\"a\\b\"")]
    [InlineData("it's", "\"it's\"")]
    public void Special_arguments_are_quoted_and_escaped(string argument, string expected)
    {
        Assert.Equal(expected, CommandLine.Join([argument]));
    }

    [Fact]
    public void No_arguments_join_to_an_empty_string()
    {
        Assert.Equal(string.Empty, CommandLine.Join([]));
    }

    /// <summary>
    /// Starts printf with the joined string as <see cref="ProcessStartInfo.Arguments"/>, which .NET splits into
    /// argv itself (no shell), and reads back each argument printf echoes, NUL-terminated (so arguments may hold newlines too).
    /// </summary>
    private static List<string> RoundTrip(string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/printf")
        {
            Arguments = CommandLine.Join(["%s\\0", .. arguments]),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith("\0", output, StringComparison.Ordinal);
        return [.. output[..^1].Split('\0')];
    }
}
