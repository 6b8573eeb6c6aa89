using System.Text;

namespace Netflix.Testing;

/// <summary>One-shot upload bodies (multipart/form-data with <see cref="Boundary"/>) that are not whole forms, by what is wrong.</summary>
public static class BrokenForm
{
    public const string Boundary = "broken-form-boundary";

    private const string Title = "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBroken form\r\n";

    private const string DataHead = "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n";

    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>
    {
        ["no parts at all"] = [],
        ["no boundary anywhere"] = Encoding.ASCII.GetBytes("title=Broken form&data=none"),
        ["a field cut off"] = Encoding.ASCII.GetBytes("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBroken fo"),
        ["a part header cut off"] = Encoding.ASCII.GetBytes(Title + "--" + Boundary + "\r\nContent-Disposition: form-da"),
        ["the data part cut off"] = [.. Encoding.ASCII.GetBytes(Title + DataHead), .. new byte[100_000]],
        ["a malformed part header"] = Encoding.ASCII.GetBytes("--" + Boundary + "\r\nthis is not a header\r\n\r\nBroken form\r\n" + DataHead + "data\r\n--" + Boundary + "--\r\n"),
        ["a part header too long"] = Encoding.ASCII.GetBytes("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"" + new string('t', 20_000) + "\"\r\n\r\nx\r\n--" + Boundary + "--\r\n"),
    };
}
