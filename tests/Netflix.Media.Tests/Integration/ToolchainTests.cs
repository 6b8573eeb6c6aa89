using Netflix.Media.Tools;


namespace Netflix.Media.Tests.Integration;

public sealed class ToolchainTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netflix-tools-" + Guid.NewGuid().ToString("N")[..8]);

    public ToolchainTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_installed_ffmpeg_is_found_on_path_and_accepted()
    {
        var toolchain = MediaToolchain.Locate(null);

        Assert.True(File.Exists(toolchain.FFmpegPath));
        Assert.True(File.Exists(toolchain.FFprobePath));
        Assert.True(MediaToolchain.ParseVersion(toolchain.Version) is null or { Major: >= 5 });
    }

    [Fact]
    public void A_folder_without_the_tools_fails_with_what_to_do()
    {
        var error = Assert.Throws<MediaToolchainException>(() => MediaToolchain.Locate(_folder));

        Assert.Contains("were not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("Media:ToolsDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_ffmpeg_is_refused_with_its_version()
    {
        FakeTool("ffmpeg", "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021");
        FakeTool("ffprobe", "ffprobe version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021");

        var error = Assert.Throws<MediaToolchainException>(() => MediaToolchain.Locate(_folder));

        Assert.Contains("4.4.2", error.Message, StringComparison.Ordinal);
        Assert.Contains("too old", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ffmpeg_without_the_ladder_encoders_is_refused()
    {
        FakeTool("ffmpeg", "ffmpeg version 6.0 Copyright (c) 2000-2023", encoders: " V....D mpeg4   MPEG-4 part 2");
        FakeTool("ffprobe", "ffprobe version 6.0 Copyright (c) 2000-2023");

        var error = Assert.Throws<MediaToolchainException>(() => MediaToolchain.Locate(_folder));

        Assert.Contains("libx264", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_ffmpeg_is_refused()
    {
        FakeTool("ffmpeg", "hello");
        FakeTool("ffprobe", "hello");

        var error = Assert.Throws<MediaToolchainException>(() => MediaToolchain.Locate(_folder));

        Assert.Contains("did not report", error.Message, StringComparison.Ordinal);
    }

    private void FakeTool(string name, string versionLine, string encoders = " V....D libx264   H.264\n A....D aac   AAC")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$2\" = \"-encoders\" ]; then printf '%s\\n' '{encoders.Replace("\n", "' '", StringComparison.Ordinal)}'; else echo '{versionLine}'; fi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
