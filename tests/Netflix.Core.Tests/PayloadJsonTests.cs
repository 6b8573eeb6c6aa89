using System.Text.Json;
using Netflix.Core.Media;

namespace Netflix.Core.Tests;

/// <summary>Plans travel between activities (and into the split manifest) as JSON; they must come back whole.</summary>
public sealed class PayloadJsonTests
{
    [Fact]
    public void Transcode_plan_survives_a_json_round_trip()
    {
        var plan = TestPlans.Plan() with
        {
            Source = TestPlans.Plan().Source with
            {
                Video = TestPlans.Plan().Source.Video with { SampleAspectRatio = new Rational(64, 45), Rotation = 90, IsInterlaced = true },
                VideoStart = TimeSpan.FromSeconds(1.4),
                ContainerStart = TimeSpan.FromSeconds(1.2),
                IsVariableFrameRate = true,
            },
        };

        var back = JsonSerializer.Deserialize<TranscodePlan>(JsonSerializer.Serialize(plan))!;

        Assert.Equal(plan.Source with { Video = back.Source.Video }, back.Source);
        Assert.Equal(plan.Source.Video, back.Source.Video);
        Assert.Equal(plan.Ladder.Video, back.Ladder.Video);
        Assert.Equal(plan.Ladder.Audio, back.Ladder.Audio);
        Assert.Equal(plan.Encoding, back.Encoding);
        Assert.Equal(plan.TargetSegmentDuration, back.TargetSegmentDuration);
    }

    [Fact]
    public void Chunk_plan_survives_a_json_round_trip()
    {
        var chunks = TestPlans.Chunks(3) with { Mode = SplitMode.Reencode };
        chunks = chunks with { Chunks = [.. chunks.Chunks.Take(2), chunks.Chunks[2] with { Input = ChunkInput.SourceSeek, FirstPacket = 718 }] };

        var back = JsonSerializer.Deserialize<ChunkPlan>(JsonSerializer.Serialize(chunks))!;

        Assert.Equal(SplitMode.Reencode, back.Mode);
        Assert.Equal(chunks.Chunks, back.Chunks);
    }

    [Fact]
    public void Frame_index_survives_a_json_round_trip()
    {
        var frames = new FrameIndex
        {
            FrameCount = 90,
            Duration = TimeSpan.FromSeconds(3),
            Keyframes = [new Keyframe(0, 0, TimeSpan.Zero, false), new Keyframe(28, 30, TimeSpan.FromSeconds(1), true)],
            MinFrameDuration = TimeSpan.FromTicks(333_333),
            MaxFrameDuration = TimeSpan.FromTicks(333_334),
            IsVariableFrameRate = true,
        };

        var back = JsonSerializer.Deserialize<FrameIndex>(JsonSerializer.Serialize(frames))!;

        Assert.Equal(frames.Keyframes, back.Keyframes);
        Assert.Equal(frames with { Keyframes = back.Keyframes }, back);
    }

    [Fact]
    public void Analysis_failure_survives_a_json_round_trip()
    {
        var result = new AnalysisResult(new MediaFailure(MediaFailureCode.Truncated, "Cut off."), null, null);

        var back = JsonSerializer.Deserialize<AnalysisResult>(JsonSerializer.Serialize(result))!;

        Assert.Equal(result, back);
    }
}
