using Netflix.Media.Planning;

namespace Netflix.Media.Tests.Unit;

public sealed class TranscodePlannerTests
{
    [Fact]
    public void Plan_carries_the_source_ladder_encoding_and_segment_length()
    {
        var options = new MediaOptions
        {
            SegmentDuration = TimeSpan.FromSeconds(6),
            ChunkDuration = TimeSpan.FromSeconds(18),
            FirstChunkDuration = TimeSpan.FromSeconds(18),
        };
        options.Encoding = options.Encoding with { Preset = "fast" };
        var source = Sources.Video(1280, 720);
        var frames = Sources.Frames(TimeSpan.FromSeconds(36), 30, TimeSpan.FromSeconds(2));

        var (plan, chunks) = TranscodePlanner.Plan(source, frames, options);

        Assert.Same(source, plan.Source);
        Assert.Equal("fast", plan.Encoding.Preset);
        Assert.Equal(TimeSpan.FromSeconds(6), plan.TargetSegmentDuration);
        Assert.Equal(["720p", "480p", "360p"], plan.Ladder.Video.Select(r => r.Name));
        Assert.Equal([TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(18)], chunks.Chunks.Select(c => c.Duration));
        Assert.All(chunks.Chunks, c => Assert.Equal(3, c.SegmentCount));
    }

    [Fact]
    public void Variable_rate_source_gets_one_segment_per_chunk()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(24), 30, TimeSpan.FromSeconds(2)) with { IsVariableFrameRate = true };

        var (_, chunks) = TranscodePlanner.Plan(Sources.Video(1280, 720), frames, new MediaOptions());

        Assert.Equal(6, chunks.Chunks.Count);
        Assert.All(chunks.Chunks, c => Assert.Equal((1, TimeSpan.FromSeconds(4)), (c.SegmentCount, c.Duration)));
    }

    [Fact]
    public void Constant_rate_source_gets_a_short_first_chunk_then_chunks_of_the_configured_length()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(24), 30, TimeSpan.FromSeconds(2));

        var (_, chunks) = TranscodePlanner.Plan(Sources.Video(1280, 720), frames, new MediaOptions());

        // Defaults: 4 s first chunk (one segment, playable soon), then 8 s chunks; the rest is the last chunk.
        Assert.Equal(
            [TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4)],
            chunks.Chunks.Select(c => c.Duration));
    }

    [Fact]
    public void First_chunk_length_is_configuration()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(24), 30, TimeSpan.FromSeconds(2));
        var options = new MediaOptions { ChunkDuration = TimeSpan.FromSeconds(12), FirstChunkDuration = TimeSpan.FromSeconds(12) };

        var (_, chunks) = TranscodePlanner.Plan(Sources.Video(1280, 720), frames, options);

        Assert.Equal([TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12)], chunks.Chunks.Select(c => c.Duration));
    }
}
