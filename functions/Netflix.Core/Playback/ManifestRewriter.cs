using System.Text;

namespace Netflix.Core.Playback;

/// <summary>
/// Rewrites an HLS playlist so every URI in it (variant and media playlists, segments, init segments, audio
/// renditions) carries its own signature: a token on the master playlist alone would not reach the URIs a player
/// resolves from it.
/// </summary>
public static class ManifestRewriter
{
    /// <param name="playlist">The playlist text as stored.</param>
    /// <param name="playlistPath">The playlist's own media path, e.g. "abc/hls/master.m3u8"; URIs resolve against its folder.</param>
    /// <param name="sign">Turns a resolved media path into the URI to write in its place.</param>
    public static string Rewrite(string playlist, string playlistPath, Func<string, string> sign)
    {
        var folder = playlistPath.Contains('/', StringComparison.Ordinal) ? playlistPath[..(playlistPath.LastIndexOf('/') + 1)] : string.Empty;
        var output = new StringBuilder(playlist.Length * 2);
        foreach (var rawLine in playlist.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                output.Append('\n');
                continue;
            }

            if (!line.StartsWith('#'))
            {
                output.Append(sign(Resolve(folder, line.Trim()))).Append('\n');
                continue;
            }

            output.Append(RewriteUriAttribute(line, folder, sign)).Append('\n');
        }

        // Keep the stored file's last-line shape: no extra blank line at the end.
        if (!playlist.EndsWith('\n') && output.Length > 0)
        {
            output.Length--;
        }

        return output.ToString();
    }

    /// <summary>
    /// Rewrites a storyboard WebVTT: each cue's image ("sheet.jpg#xywh=…") gets its own signature; the #xywh
    /// fragment stays.
    /// </summary>
    public static string RewriteStoryboard(string vtt, string vttPath, Func<string, string> sign)
    {
        var folder = vttPath.Contains('/', StringComparison.Ordinal) ? vttPath[..(vttPath.LastIndexOf('/') + 1)] : string.Empty;
        var output = new StringBuilder(vtt.Length * 2);
        foreach (var rawLine in vtt.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0 && !line.Contains("-->", StringComparison.Ordinal) && !line.StartsWith("WEBVTT", StringComparison.Ordinal) && line.Contains("#xywh=", StringComparison.Ordinal))
            {
                output.Append(sign(Resolve(folder, line[..hash]))).Append(line.AsSpan(hash));
            }
            else
            {
                output.Append(line);
            }

            output.Append('\n');
        }

        output.Length--;
        return output.ToString();
    }

    /// <summary>A multivariant playlist with only the named rendition (and the audio it plays with).</summary>
    public static string SelectVariant(string master, string rendition)
    {
        var lines = master.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var output = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal) && i + 1 < lines.Count)
            {
                if (lines[i + 1].StartsWith(rendition + "/", StringComparison.Ordinal))
                {
                    output.Add(lines[i]);
                    output.Add(lines[i + 1]);
                }

                i++;
                continue;
            }

            output.Add(lines[i]);
        }

        return string.Join('\n', output);
    }

    /// <summary>Adds EXT-X-START so players begin at <paramref name="seconds"/> (RFC 8216 section 4.3.5.2).</summary>
    public static string WithStart(string playlist, double seconds)
    {
        var tag = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#EXT-X-START:TIME-OFFSET={seconds:0.###},PRECISE=YES");
        var firstBreak = playlist.IndexOf('\n', StringComparison.Ordinal);
        return firstBreak < 0 ? $"{playlist}\n{tag}" : string.Concat(playlist.AsSpan(0, firstBreak + 1), tag, "\n", playlist.AsSpan(firstBreak + 1));
    }

    /// <summary>Resolves a relative URI against a folder, refusing anything that climbs out of it or names a host.</summary>
    public static string Resolve(string folder, string uri)
    {
        if (uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith('/') || uri.Contains('?', StringComparison.Ordinal))
        {
            throw new FormatException($"Playlist URI '{uri}' is not a plain relative path.");
        }

        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in uri.Split('/'))
        {
            if (part is "" or "." || part == "..")
            {
                throw new FormatException($"Playlist URI '{uri}' is not a plain relative path.");
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private static string RewriteUriAttribute(string line, string folder, Func<string, string> sign)
    {
        const string Marker = "URI=\"";
        var start = line.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return line;
        }

        var valueStart = start + Marker.Length;
        var end = line.IndexOf('"', valueStart);
        if (end < 0)
        {
            return line;
        }

        var uri = line[valueStart..end];
        return string.Concat(line.AsSpan(0, valueStart), sign(Resolve(folder, uri)), line.AsSpan(end));
    }
}
