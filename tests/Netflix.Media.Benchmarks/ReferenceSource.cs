using System.Globalization;

namespace Netflix.Media.Benchmarks;

/// <summary>
/// The benchmark's source: 1080p30 with real motion (a pan across a fractal, a cellular automaton blended over it,
/// a moving test card and film grain), a 2 s GOP at about 8 Mb/s, and stereo AAC. Made once and kept.
/// </summary>
internal static class ReferenceSource
{
    public static string Ensure(string directory, int seconds)
    {
        var path = Path.Combine(directory, $"reference-{seconds}s.mp4");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        var background = Path.Combine(directory, "fractal.png");
        if (!File.Exists(background))
        {
            Tool.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "mandelbrot=size=3840x2160:rate=1:end_pts=1:maxiter=2000", "-frames:v", "1", background);
        }

        Console.WriteLine($"Generating the {seconds} s 1080p reference source (once)…");
        var partial = path + ".partial.mp4";
        Tool.Run(
            "ffmpeg", "-v", "error", "-y",
            "-loop", "1", "-framerate", "30", "-i", background,
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
            "-f", "lavfi", "-i", "life=size=480x270:rate=30:mold=10:ratio=0.2:death_color=#203040:life_color=#e0c080",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-f", "lavfi", "-i", "anoisesrc=color=pink:sample_rate=48000:amplitude=0.1",
            "-filter_complex",
            "[0:v]crop=1920:1080:x='(iw-ow)/2*(1+sin(t/5))':y='(ih-oh)/2*(1+cos(t/7))',format=yuv420p[bg];" +
            "[2:v]scale=1920:1080:flags=neighbor,format=yuv420p[life];" +
            "[bg][life]blend=all_mode=overlay:all_opacity=0.35[bl];" +
            "[bl][1:v]overlay=x='mod(t*240,1280)':y='360+300*sin(t*1.3)',noise=alls=8:allf=t+u[v];" +
            "[3:a][4:a]amix=inputs=2,aformat=channel_layouts=stereo[a]",
            "-map", "[v]", "-map", "[a]", "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "fast", "-b:v", "8M", "-maxrate", "10M", "-bufsize", "16M",
            "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "192k", "-ac", "2", "-movflags", "+faststart", partial);
        File.Move(partial, path);
        return path;
    }
}
