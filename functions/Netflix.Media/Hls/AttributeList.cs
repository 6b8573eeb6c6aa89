using System.Text;

namespace Netflix.Media.Hls;

/// <summary>Parses an HLS attribute list: NAME=value pairs, values optionally quoted (quoted ones may hold commas).</summary>
public static class AttributeList
{
    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = text[i..equals].Trim();
            i = equals + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw new FormatException($"Unterminated quoted value for {name}.");
                }

                value.Append(text, i + 1, close - i - 1);
                i = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                value.Append(text, i, end - i);
                i = end;
            }

            result[name] = value.ToString();
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
        }

        return result;
    }
}
