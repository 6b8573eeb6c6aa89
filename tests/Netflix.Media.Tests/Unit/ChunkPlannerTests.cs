using Netflix.Core.Media;
using Netflix.Media.Planning;

namespace Netflix.Media.Tests.Unit;

public sealed class ChunkPlannerTests
{
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(12);

    [Fact]
    public void Regular_gops_make_equal_chunks_of_whole_segments()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(120), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.StreamCopy, plan.Mode);
        Assert.Equal(10, plan.Chunks.Count);
        Assert.Equal(Enumerable.Range(0, 10), plan.Chunks.Select(c => c.Index));
        Assert.All(plan.Chunks, c =>
        {
            Assert.Equal(3, c.SegmentCount);
            Assert.Equal(360, c.FrameCount);
            Assert.Equal(TimeSpan.FromSeconds(12), c.Duration);
            Assert.Equal(TimeSpan.FromSeconds(4), c.SegmentDuration);
            Assert.Equal(ChunkInput.SplitFile, c.Input);
        });
        Assert.Equal(3600, plan.FrameCount);
        AssertStartsAtKeyframes(frames, plan);
        AssertContiguous(frames, plan);
    }

    [Fact]
    public void A_short_first_chunk_makes_the_title_playable_sooner()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(120), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, TimeSpan.FromSeconds(8), firstChunkTarget: Segment);

        var lengths = plan.Chunks.Select(c => c.Duration.TotalSeconds).ToList();
        Assert.Equal([4.0, .. Enumerable.Repeat(8.0, 14), 4.0], lengths);
        Assert.Equal(1, plan.Chunks[0].SegmentCount);
        AssertStartsAtKeyframes(frames, plan);
        AssertContiguous(frames, plan);
    }

    [Fact]
    public void Variable_rate_plans_can_force_one_segment_per_chunk()
    {
        // A 6 s chunk would otherwise be two 3 s segments.
        var frames = Sources.Frames(TimeSpan.FromSeconds(18), 30, TimeSpan.FromSeconds(6));

        var plan = ChunkPlanner.Plan(frames, Segment, Segment, Segment, oneSegmentPerChunk: true);

        Assert.All(plan.Chunks, c => Assert.Equal(1, c.SegmentCount));
        Assert.Equal([6.0, 6.0, 6.0], plan.Chunks.Select(c => c.Duration.TotalSeconds));
    }

    [Fact]
    public void A_short_first_chunk_also_applies_to_grid_plans()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(30), 30, TimeSpan.FromSeconds(30));

        var plan = ChunkPlanner.Plan(frames, Segment, Target, firstChunkTarget: Segment);

        Assert.Equal(SplitMode.Reencode, plan.Mode);
        Assert.Equal([4.0, 12.0, 14.0], plan.Chunks.Select(c => c.Duration.TotalSeconds));
    }

    [Fact]
    public void Closed_gop_chunks_cut_at_the_keyframe_packet()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(36), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal([0, 360, 720], plan.Chunks.Select(c => c.FirstFrame));
        Assert.Equal([0, 360, 720], plan.Chunks.Select(c => c.FirstPacket));
    }

    [Fact]
    public void Irregular_gops_cut_at_keyframes_into_whole_segments()
    {
        // Keyframes every 2.5 s never fall on the 12 s grid.
        var frames = Sources.Frames(TimeSpan.FromSeconds(60), 24, TimeSpan.FromSeconds(2.5));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.StreamCopy, plan.Mode);
        AssertStartsAtKeyframes(frames, plan);
        AssertContiguous(frames, plan);
        Assert.Equal(
            [0, 12.5, 25, 37.5, 50],
            plan.Chunks.Select(c => c.Start.TotalSeconds));
        Assert.All(plan.Chunks, c =>
        {
            Assert.Equal(ChunkPlanner.SegmentsFor(c.Duration, Segment), c.SegmentCount);
            Assert.InRange(c.SegmentDuration, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        });
        // The last 10 s chunk is 2.5 target segments: halves round up, to three of 3.33 s.
        Assert.Equal([3, 3, 3, 3, 3], plan.Chunks.Select(c => c.SegmentCount));
    }

    [Fact]
    public void Irregular_gops_prefer_the_keyframe_nearest_the_target()
    {
        // 12 s is not a keyframe: 11.9 s is nearest the target and nearly three whole segments; 10 s and 15 s
        // are both further away and further off the segment grid.
        var keyframes = new[] { 0.0, 5, 10, 11.9, 15, 20, 25, 30, 35, 40 }
            .Select(t => new Keyframe((int)Math.Round(t * 30), (int)Math.Round(t * 30), TimeSpan.FromSeconds(t), false))
            .ToList();
        var frames = Sources.Index(1350, TimeSpan.FromSeconds(45), keyframes);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(TimeSpan.FromSeconds(11.9), plan.Chunks[1].Start);
        Assert.Equal(357, plan.Chunks[1].FirstFrame);
        AssertContiguous(frames, plan);
    }

    [Fact]
    public void Open_gop_keyframe_at_a_boundary_makes_both_neighbours_seek_in_the_source()
    {
        var keyframes = Enumerable.Range(0, 24)
            .Select(k => new Keyframe(k == 6 ? (k * 60) - 2 : k * 60, k * 60, TimeSpan.FromSeconds(k * 2), HasLeadingFrames: k == 6))
            .ToList();
        var frames = Sources.Index(1440, TimeSpan.FromSeconds(48), keyframes);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        // The open-GOP keyframe at 12 s starts chunk 1 and ends chunk 0.
        Assert.Equal(
            [ChunkInput.SourceSeek, ChunkInput.SourceSeek, ChunkInput.SplitFile, ChunkInput.SplitFile],
            plan.Chunks.Select(c => c.Input));
        Assert.Equal(SplitMode.StreamCopy, plan.Mode);

        // The cut is at the keyframe's packet; the chunk's frames start where it is shown.
        Assert.Equal(358, plan.Chunks[1].FirstPacket);
        Assert.Equal(360, plan.Chunks[1].FirstFrame);
        Assert.Equal(360, plan.Chunks[0].FrameCount);
    }

    [Fact]
    public void Open_gop_keyframe_at_the_very_start_needs_no_seek()
    {
        var keyframes = Enumerable.Range(0, 12)
            .Select(k => new Keyframe(k * 60, k * 60, TimeSpan.FromSeconds(k * 2), HasLeadingFrames: k == 0))
            .ToList();

        var plan = ChunkPlanner.Plan(Sources.Index(720, TimeSpan.FromSeconds(24), keyframes), Segment, Target);

        Assert.All(plan.Chunks, c => Assert.Equal(ChunkInput.SplitFile, c.Input));
    }

    [Fact]
    public void Open_gop_keyframes_inside_a_chunk_do_not_matter()
    {
        var keyframes = Enumerable.Range(0, 12)
            .Select(k => new Keyframe(k * 60, k * 60, TimeSpan.FromSeconds(k * 2), HasLeadingFrames: k is 1 or 7))
            .ToList();

        var plan = ChunkPlanner.Plan(Sources.Index(720, TimeSpan.FromSeconds(24), keyframes), Segment, Target);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(12)], plan.Chunks.Select(c => c.Start));
        Assert.All(plan.Chunks, c => Assert.Equal(ChunkInput.SplitFile, c.Input));
    }

    [Fact]
    public void Sparse_keyframes_are_re_encoded_on_a_grid()
    {
        var frames = Sources.Index(1800, TimeSpan.FromSeconds(60), [new Keyframe(0, 0, TimeSpan.Zero, false)]);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.Reencode, plan.Mode);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TimeSpan.FromSeconds(12 * i)), plan.Chunks.Select(c => c.Start));
        Assert.All(plan.Chunks, c =>
        {
            Assert.Equal(TimeSpan.FromSeconds(12), c.Duration);
            Assert.Equal(360, c.FrameCount);
            Assert.Equal(3, c.SegmentCount);
            Assert.Equal(ChunkInput.SplitFile, c.Input);
            Assert.Equal(c.FirstFrame, c.FirstPacket);
        });
        Assert.Equal([0, 360, 720, 1080, 1440], plan.Chunks.Select(c => c.FirstFrame));
        Assert.Equal(1800, plan.FrameCount);
    }

    [Fact]
    public void A_rest_without_keyframes_short_enough_becomes_the_last_chunk()
    {
        // 33 s with one keyframe: under three target chunks, so one chunk rather than a re-encode of the whole title.
        var frames = Sources.Index(1001, TimeSpan.FromSeconds(1001 / 29.97), [new Keyframe(0, 0, TimeSpan.Zero, false)], 29.97);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.StreamCopy, plan.Mode);
        var chunk = Assert.Single(plan.Chunks);
        Assert.Equal(1001, chunk.FrameCount);
    }

    [Fact]
    public void Grid_plan_gives_the_last_chunk_every_remaining_frame()
    {
        // 29.97 fps: grid chunks estimate their frames; the last one takes what is left.
        var frames = Sources.Index(2001, TimeSpan.FromSeconds(2001 / 29.97), [new Keyframe(0, 0, TimeSpan.Zero, false)], 29.97);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.Reencode, plan.Mode);
        Assert.Equal(2001, plan.FrameCount);
        Assert.Equal(frames.Duration, plan.Chunks[^1].Start + plan.Chunks[^1].Duration);
    }

    [Fact]
    public void First_keyframe_after_the_first_frame_forces_a_re_encode()
    {
        // Two frames are shown before the first keyframe: a cut there would lose them.
        var keyframes = Enumerable.Range(0, 12)
            .Select(k => new Keyframe(k * 60, (k * 60) + 2, TimeSpan.FromSeconds((k * 2) + (2 / 30.0)), false))
            .ToList();
        var frames = Sources.Index(720, TimeSpan.FromSeconds(24), keyframes);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(SplitMode.Reencode, plan.Mode);
        Assert.Equal(720, plan.FrameCount);
        Assert.Equal(0, plan.Chunks[0].FirstFrame);
    }

    [Fact]
    public void No_keyframes_at_all_forces_a_re_encode()
    {
        var plan = ChunkPlanner.Plan(Sources.Index(300, TimeSpan.FromSeconds(10), []), Segment, Target);

        Assert.Equal(SplitMode.Reencode, plan.Mode);
        Assert.Equal(300, Assert.Single(plan.Chunks).FrameCount);
    }

    [Fact]
    public void Clip_shorter_than_a_segment_is_one_chunk_of_one_segment()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(2.5), 30, TimeSpan.FromSeconds(1));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        var chunk = Assert.Single(plan.Chunks);
        Assert.Equal(SplitMode.StreamCopy, plan.Mode);
        Assert.Equal(new ChunkSpec(0, 0, 0, 75, TimeSpan.Zero, TimeSpan.FromSeconds(2.5), 1, ChunkInput.SplitFile), chunk);
    }

    [Fact]
    public void Single_frame_clip_is_one_chunk()
    {
        var frames = Sources.Index(1, TimeSpan.FromSeconds(1 / 30.0), [new Keyframe(0, 0, TimeSpan.Zero, false)]);

        var chunk = Assert.Single(ChunkPlanner.Plan(frames, Segment, Target).Chunks);

        Assert.Equal((1, 1), (chunk.FrameCount, chunk.SegmentCount));
    }

    [Fact]
    public void Last_chunk_absorbs_a_remainder_shorter_than_one_and_a_half_targets()
    {
        // 40 s: after 0 and 12 s, 16 s remain, under 18 s: one last chunk, not 12 s + 4 s.
        var frames = Sources.Frames(TimeSpan.FromSeconds(40), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal([TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(16)], plan.Chunks.Select(c => c.Duration));
        Assert.Equal([3, 3, 4], plan.Chunks.Select(c => c.SegmentCount));
        Assert.Equal(1200, plan.FrameCount);
    }

    [Fact]
    public void Remainder_of_one_and_a_half_targets_gets_its_own_chunk()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(42), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal(
            [TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(6)],
            plan.Chunks.Select(c => c.Duration));
        AssertContiguous(frames, plan);
    }

    [Fact]
    public void Grid_plan_last_chunk_absorbs_a_short_remainder_too()
    {
        var frames = Sources.Index(1200, TimeSpan.FromSeconds(40), [new Keyframe(0, 0, TimeSpan.Zero, false)]);

        var plan = ChunkPlanner.Plan(frames, Segment, Target);

        Assert.Equal([TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(16)], plan.Chunks.Select(c => c.Duration));
        Assert.Equal([360, 360, 480], plan.Chunks.Select(c => c.FrameCount));
    }

    [Fact]
    public void Chunk_target_is_rounded_to_whole_segments()
    {
        // 10 s chunks of 4 s segments are 2.5 segments; halves round up, so they become 12 s (three segments).
        var frames = Sources.Frames(TimeSpan.FromSeconds(40), 30, TimeSpan.FromSeconds(2));

        var plan = ChunkPlanner.Plan(frames, Segment, TimeSpan.FromSeconds(10));

        Assert.All(plan.Chunks.SkipLast(1), c => Assert.Equal(TimeSpan.FromSeconds(12), c.Duration));
        Assert.All(plan.Chunks.SkipLast(1), c => Assert.Equal(3, c.SegmentCount));
    }

    [Theory]
    [InlineData(1.9, 1)]
    [InlineData(4, 1)]
    [InlineData(5.9, 1)]
    [InlineData(6.0, 2)]
    [InlineData(6.1, 2)]
    [InlineData(12, 3)]
    [InlineData(16, 4)]
    [InlineData(0.1, 1)]
    public void Segments_for_a_chunk_is_its_length_over_the_target_at_least_one(double seconds, int expected)
    {
        Assert.Equal(expected, ChunkPlanner.SegmentsFor(TimeSpan.FromSeconds(seconds), Segment));
    }

    [Fact]
    public void Keyframes_given_out_of_order_are_planned_in_time_order()
    {
        var frames = Sources.Frames(TimeSpan.FromSeconds(36), 30, TimeSpan.FromSeconds(2));
        var shuffled = frames with { Keyframes = frames.Keyframes.Reverse().ToList() };

        Assert.Equal(
            ChunkPlanner.Plan(frames, Segment, Target).Chunks,
            ChunkPlanner.Plan(shuffled, Segment, Target).Chunks);
    }

    private static void AssertStartsAtKeyframes(FrameIndex frames, ChunkPlan plan)
    {
        foreach (var chunk in plan.Chunks)
        {
            var keyframe = Assert.Single(frames.Keyframes, k => k.Time == chunk.Start);
            Assert.Equal(keyframe.DisplayIndex, chunk.FirstFrame);
            Assert.Equal(keyframe.DecodeIndex, chunk.FirstPacket);
        }
    }

    /// <summary>Chunks follow each other without gap or overlap and cover every frame.</summary>
    private static void AssertContiguous(FrameIndex frames, ChunkPlan plan)
    {
        Assert.Equal(TimeSpan.Zero, plan.Chunks[0].Start);
        Assert.Equal(0, plan.Chunks[0].FirstFrame);
        foreach (var (previous, next) in plan.Chunks.Zip(plan.Chunks.Skip(1)))
        {
            Assert.Equal(previous.Start + previous.Duration, next.Start);
            Assert.Equal(previous.FirstFrame + previous.FrameCount, next.FirstFrame);
        }

        Assert.Equal(frames.Duration, plan.Chunks[^1].Start + plan.Chunks[^1].Duration);
        Assert.Equal(frames.FrameCount, plan.FrameCount);
    }
}
