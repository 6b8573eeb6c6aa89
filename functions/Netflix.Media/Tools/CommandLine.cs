using System.Text;

namespace Netflix.Media.Tools;

/// <summary>
/// Turns an argument list into the single string that <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/>
/// (and wrappers built on it) splits back into the same list. Only runners that cannot take a list use it.
/// </summary>
public static class CommandLine
{
    public static string Join(IEnumerable<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            Append(builder, argument);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"' || c == '\\' || c == '\''))
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                // Backslashes before a quote are escapes: double them, then escape the quote itself.
                builder.Append('\\', (backslashes * 2) + 1);
            }
            else
            {
                builder.Append('\\', backslashes);
            }

            backslashes = 0;
            builder.Append(c);
        }

        // Backslashes before the closing quote would escape it: double them.
        builder.Append('\\', backslashes * 2);
        builder.Append('"');
    }
}
