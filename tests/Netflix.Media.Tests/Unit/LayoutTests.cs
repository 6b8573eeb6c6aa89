using Netflix.Core.Media;

namespace Netflix.Media.Tests.Unit;

public sealed class LayoutTests
{
    private const string Root = "/data/jobs/video-1";

    [Fact]
    public void Job_files_have_fixed_names_under_the_job_folder()
    {
        var layout = new JobLayout(Root);

        Assert.Equal(Root, layout.Root);
        Assert.Equal("/data/jobs/video-1/work/chunks", layout.ChunksDirectory);
        Assert.Equal("/data/jobs/video-1/work/chunks/chunks.json", layout.SplitManifest);
        Assert.Equal("/data/jobs/video-1/work/chunks/chunk_00007.mp4", layout.ChunkFile(7));
        Assert.Equal("/data/jobs/video-1/work/tmp", layout.TempDirectory);
        Assert.Equal("/data/jobs/video-1/hls", layout.HlsDirectory);
        Assert.Equal("/data/jobs/video-1/hls/master.m3u8", layout.MasterPlaylist);
        Assert.Equal("/data/jobs/video-1/hls/audio", layout.AudioDirectory);
        Assert.Equal("/data/jobs/video-1/hls/720p", layout.RenditionDirectory("720p"));
        Assert.Equal("/data/jobs/video-1/hls/720p/index.m3u8", layout.MediaPlaylist("720p"));
        Assert.Equal("/data/jobs/video-1/thumbs", layout.ThumbnailsDirectory);
        Assert.Equal("/data/jobs/video-1/thumbs/poster.jpg", layout.Poster);
        Assert.Equal("/data/jobs/video-1/thumbs/storyboard.vtt", layout.StoryboardVtt);
        Assert.Equal("/data/jobs/video-1/thumbs/storyboard_002.jpg", layout.StoryboardSheet(2));
    }

    [Fact]
    public void Chunk_file_names_are_zero_padded_so_they_sort()
    {
        Assert.Equal("chunk_00000.mp4", JobLayout.ChunkFileName(0));
        Assert.Equal("chunk_12345.mp4", JobLayout.ChunkFileName(12345));
        Assert.Equal("c00003.m3u8", JobLayout.ChunkPlaylistName(3));
        Assert.Equal("init_c00003.mp4", JobLayout.ChunkInitName(3));
        Assert.Equal("c00003_%03d.m4s", JobLayout.ChunkSegmentPattern(3));
        Assert.Equal("storyboard_010.jpg", JobLayout.StoryboardSheetName(10));
        Assert.Equal(
            Enumerable.Range(0, 120).Select(JobLayout.ChunkFileName),
            Enumerable.Range(0, 120).Select(JobLayout.ChunkFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Shared_names_match_what_players_and_the_stitcher_expect()
    {
        Assert.Equal("audio", JobLayout.AudioName);
        Assert.Equal("index.m3u8", JobLayout.MediaPlaylistName);
        Assert.Equal("encoded.m3u8", JobLayout.EncodedAudioPlaylistName);
        Assert.Equal("init.mp4", JobLayout.SharedInitName);
    }

    [Fact]
    public void Relative_root_is_made_absolute()
    {
        var layout = new JobLayout("jobs/video-1");

        Assert.True(Path.IsPathFullyQualified(layout.Root));
        Assert.Equal(Path.GetFullPath("jobs/video-1"), layout.Root);
    }

    [Theory]
    [InlineData("uploads/video-1.mp4", "/data/media/uploads/video-1.mp4")]
    [InlineData("video.mov", "/data/media/video.mov")]
    [InlineData("uploads/./a/../b.mp4", "/data/media/uploads/b.mp4")]
    [InlineData("name with spaces.mp4", "/data/media/name with spaces.mp4")]
    public void Source_keys_resolve_inside_the_workspace(string key, string expected)
    {
        var workspace = new DirectoryMediaWorkspace("/data/media");

        Assert.Equal(expected, workspace.GetSourcePath(new MediaJob("v1", key)));
    }

    [Theory]
    [InlineData("../secret.mp4")]
    [InlineData("../../etc/passwd")]
    [InlineData("uploads/../../media-other/x.mp4")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData(".")]
    public void Source_keys_reaching_outside_the_workspace_are_refused(string key)
    {
        var workspace = new DirectoryMediaWorkspace("/data/media");

        Assert.Throws<ArgumentException>(() => workspace.GetSourcePath(new MediaJob("v1", key)));
    }

    [Fact]
    public void Sibling_folder_sharing_the_prefix_is_outside()
    {
        var workspace = new DirectoryMediaWorkspace("/data/media");

        Assert.Throws<ArgumentException>(() => workspace.GetSourcePath(new MediaJob("v1", "../media2/x.mp4")));
    }

    [Fact]
    public void Job_folder_is_named_after_the_video_id()
    {
        var workspace = new DirectoryMediaWorkspace("/data/media");

        Assert.Equal("/data/media/jobs/Abc_123-x", workspace.GetJobDirectory(new MediaJob("Abc_123-x", "a.mp4")));
    }

    [Theory]
    [InlineData("../other")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dot.dot")]
    [InlineData("ünïcode")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Unsafe_video_ids_are_refused(string videoId)
    {
        var workspace = new DirectoryMediaWorkspace("/data/media");

        Assert.Throws<ArgumentException>(() => workspace.GetJobDirectory(new MediaJob(videoId, "a.mp4")));
    }

    [Fact]
    public void Workspace_root_with_a_trailing_slash_still_finds_sources()
    {
        var workspace = new DirectoryMediaWorkspace("/data/media/");

        Assert.Equal("/data/media/uploads/a.mp4", workspace.GetSourcePath(new MediaJob("v1", "uploads/a.mp4")));
    }
}
