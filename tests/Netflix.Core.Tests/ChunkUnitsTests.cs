using Netflix.Core.Media;

namespace Netflix.Core.Tests;

public sealed class ChunkUnitsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    public void A_short_title_gets_one_step_per_chunk(int chunks)
        => Assert.Equal(Enumerable.Range(0, chunks).Select(i => new ChunkUnit(i, 1)), ChunkUnits.Plan(chunks));

    [Theory]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(400)]
    [InlineData(1350)]
    [InlineData(5000)]
    public void A_long_title_is_covered_in_order_by_at_most_about_sixty_four_steps_starting_small(int chunks)
    {
        var units = ChunkUnits.Plan(chunks);

        Assert.Equal(0, units[0].First);
        Assert.All(units.Zip(units.Skip(1)), pair => Assert.Equal(pair.First.First + pair.First.Count, pair.Second.First));
        Assert.Equal(chunks, units.Sum(u => u.Count));
        Assert.InRange(units.Count, ChunkUnits.TargetUnits / 2, ChunkUnits.TargetUnits + 8);
        Assert.Equal([1, 1, 2], units.Take(3).Select(u => u.Count));
    }

    [Fact]
    public void Steps_double_until_the_largest_then_stay()
        => Assert.Equal([1, 1, 2, 4, 8, 16, 22, 22], ChunkUnits.Plan(1350, 64).Take(8).Select(u => u.Count));

    [Fact]
    public void No_step_is_larger_than_the_chunks_allowed_in_flight()
        => Assert.All(ChunkUnits.Plan(1350, maxChunksInFlight: 4), u => Assert.InRange(u.Count, 1, 4));

    [Fact]
    public void No_chunks_no_steps() => Assert.Empty(ChunkUnits.Plan(0));
}
