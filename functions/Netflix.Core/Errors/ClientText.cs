namespace Netflix.Core.Errors;

public static class ClientText
{
    /// <summary>Echoes client input in a message safely: no control characters, at most 40 characters.</summary>
    public static string Printable(string text)
    {
        var clean = new string(text.Where(c => !char.IsControl(c)).Take(40).ToArray());
        return text.Length > 40 ? clean + "…" : clean;
    }
}
