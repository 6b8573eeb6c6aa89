using Netflix.Core.Media;
using Netflix.Media.Planning;

namespace Netflix.Media.Tests.Unit;

public sealed class LadderPlannerTests
{
    private static readonly MediaOptions Defaults = new();

    [Fact]
    public void Full_hd_landscape_gets_every_default_rung()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1920, 1080), Defaults);

        Assert.Equal(
            [
                new VideoRendition("1080p", 1920, 1080, 5000, 5350, 10000),
                new VideoRendition("720p", 1280, 720, 2800, 2996, 5600),
                new VideoRendition("480p", 852, 480, 1400, 1498, 2800),
                new VideoRendition("360p", 640, 360, 800, 856, 1600),
            ],
            ladder.Video);
    }

    [Fact]
    public void Hd_source_is_never_upscaled()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1280, 720), Defaults);

        Assert.Equal(["720p", "480p", "360p"], ladder.Video.Select(r => r.Name));
        Assert.Equal((1280, 720), (ladder.Video[0].Width, ladder.Video[0].Height));
        Assert.All(ladder.Video, r => Assert.True(r.Width <= 1280 && r.Height <= 720));
    }

    [Fact]
    public void Portrait_source_keeps_portrait_renditions()
    {
        // A phone video: stored landscape, shown upright through rotation metadata.
        var ladder = LadderPlanner.Plan(Sources.Video(1920, 1080, rotation: 90), Defaults);

        Assert.Equal(["1080p", "720p", "480p", "360p"], ladder.Video.Select(r => r.Name));
        Assert.Equal([(1080, 1920), (720, 1280), (480, 852), (360, 640)], ladder.Video.Select(r => (r.Width, r.Height)));
    }

    [Fact]
    public void Upside_down_source_stays_landscape()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1920, 1080, rotation: 180), Defaults);

        Assert.Equal((1920, 1080), (ladder.Video[0].Width, ladder.Video[0].Height));
    }

    [Fact]
    public void Stored_portrait_source_is_sized_by_its_short_side()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(720, 1280), Defaults);

        Assert.Equal([(720, 1280), (480, 852), (360, 640)], ladder.Video.Select(r => (r.Width, r.Height)));
    }

    [Theory]
    [InlineData(1279, 719)]
    [InlineData(321, 181)]
    [InlineData(1921, 1081)]
    [InlineData(853, 479)]
    [InlineData(1081, 1921)]
    public void Odd_sized_source_gets_even_renditions_never_larger_than_itself(int width, int height)
    {
        var ladder = LadderPlanner.Plan(Sources.Video(width, height), Defaults);

        Assert.NotEmpty(ladder.Video);
        Assert.All(ladder.Video, r =>
        {
            Assert.Equal(0, r.Width % 2);
            Assert.Equal(0, r.Height % 2);
            Assert.InRange(r.Width, 2, width);
            Assert.InRange(r.Height, 2, height);
        });
        Assert.Equal(ladder.Video.Count, ladder.Video.Select(r => (r.Width, r.Height)).Distinct().Count());
    }

    [Fact]
    public void Rung_height_is_exact_when_the_scale_does_not_divide_evenly()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1000, 563), Defaults);

        Assert.Equal([("562p", 1000, 562), ("480p", 852, 480), ("360p", 638, 360)], ladder.Video.Select(r => (r.Name, r.Width, r.Height)));
    }

    [Fact]
    public void Every_configured_rung_below_the_source_keeps_its_exact_short_side()
    {
        var heights = MediaOptions.DefaultLadder.ToDictionary(r => r.Name, r => r.Height);
        var failures = new List<string>();
        for (var height = 362; height <= 2160; height += 1)
        {
            foreach (var width in new[] { height * 16 / 9, (height * 16 / 9) + 1, height * 4 / 3, height * 21 / 9 })
            {
                foreach (var rendition in LadderPlanner.Plan(Sources.Video(width, height), Defaults).Video)
                {
                    if (heights.TryGetValue(rendition.Name, out var expected) && rendition.Height != expected)
                    {
                        failures.Add($"{width}x{height} {rendition.Name} -> {rendition.Width}x{rendition.Height}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Odd_sized_source_just_under_a_rung_gets_a_capped_rung_one_pixel_smaller()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1279, 719), Defaults);

        Assert.Equal(
            [("718p", 1278, 718), ("480p", 852, 480), ("360p", 640, 360)],
            ladder.Video.Select(r => (r.Name, r.Width, r.Height)));
    }

    [Fact]
    public void Source_between_rungs_gets_a_capped_rung_at_its_own_size()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1778, 1000), Defaults);

        Assert.Equal(["1000p", "720p", "480p", "360p"], ladder.Video.Select(r => r.Name));
        var capped = ladder.Video[0];
        Assert.Equal((1778, 1000), (capped.Width, capped.Height));

        // The 1080p rung's bitrate scaled by area: 5000 × 1000² / 1080².
        Assert.Equal(4287, capped.BitrateKbps);
        Assert.Equal(4587, capped.MaxRateKbps);
        Assert.Equal(8574, capped.BufferKbits);
    }

    [Fact]
    public void Capped_rung_scales_a_configured_peak_rate_and_buffer_too()
    {
        var options = new MediaOptions
        {
            Ladder =
            [
                new LadderRung { Name = "1080p", Height = 1080, BitrateKbps = 6000, MaxRateKbps = 8000, BufferKbits = 12000 },
                new LadderRung { Name = "540p", Height = 540, BitrateKbps = 1500 },
            ],
        };

        var capped = LadderPlanner.Plan(Sources.Video(1440, 810), options).Video[0];

        // 810² / 1080² = 0.5625
        Assert.Equal(new VideoRendition("810p", 1440, 810, 3375, 4500, 6750), capped);
    }

    [Fact]
    public void Source_barely_above_a_rung_does_not_get_a_near_duplicate()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1298, 730), Defaults);

        Assert.Equal(["720p", "480p", "360p"], ladder.Video.Select(r => r.Name));
        Assert.Equal((1280, 720), (ladder.Video[0].Width, ladder.Video[0].Height));
    }

    [Fact]
    public void Source_at_the_capped_rung_threshold_gets_its_own_rung()
    {
        // 720 × 1.15 = 828: from here on the source is worth its own top rung.
        Assert.Equal("828p", LadderPlanner.Plan(Sources.Video(1472, 828), Defaults).Video[0].Name);
        Assert.Equal("720p", LadderPlanner.Plan(Sources.Video(1470, 827), Defaults).Video[0].Name);
    }

    [Fact]
    public void Capped_rung_threshold_is_configuration()
    {
        var options = new MediaOptions { CappedRungThreshold = 1.0 };

        var ladder = LadderPlanner.Plan(Sources.Video(1298, 730), options);

        Assert.Equal(["730p", "720p", "480p", "360p"], ladder.Video.Select(r => r.Name));
    }

    [Fact]
    public void Tiny_source_gets_one_rendition_at_its_own_size()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(160, 90), Defaults);

        var only = Assert.Single(ladder.Video);
        Assert.Equal(("90p", 160, 90), (only.Name, only.Width, only.Height));

        // 800 kbps × 90² / 360² = 50 kbps, the floor.
        Assert.Equal(50, only.BitrateKbps);
    }

    [Fact]
    public void Capped_bitrate_never_drops_below_fifty_kbps()
    {
        var only = Assert.Single(LadderPlanner.Plan(Sources.Video(64, 36), Defaults).Video);

        Assert.Equal(("36p", 64, 36, 50), (only.Name, only.Width, only.Height, only.BitrateKbps));
    }

    [Fact]
    public void Anamorphic_source_is_sized_with_square_pixels()
    {
        // PAL DVD 16:9: 720x576 stored, 1024x576 shown.
        var ladder = LadderPlanner.Plan(Sources.Video(720, 576, sampleAspectRatio: new Rational(64, 45)), Defaults);

        Assert.Equal([("576p", 1024, 576), ("480p", 852, 480), ("360p", 640, 360)], ladder.Video.Select(r => (r.Name, r.Width, r.Height)));
    }

    [Fact]
    public void Anamorphic_hdv_source_becomes_full_hd()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1440, 1080, sampleAspectRatio: new Rational(4, 3)), Defaults);

        Assert.Equal((1920, 1080), (ladder.Video[0].Width, ladder.Video[0].Height));
    }

    [Fact]
    public void Renditions_are_ordered_largest_first()
    {
        var ladder = LadderPlanner.Plan(Sources.Video(3840, 2160), Defaults);

        var areas = ladder.Video.Select(r => r.Width * r.Height).ToList();
        Assert.Equal(areas.OrderDescending(), areas);
        Assert.Equal((1920, 1080), (ladder.Video[0].Width, ladder.Video[0].Height));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(6, 2)]
    [InlineData(8, 2)]
    public void Audio_never_has_more_channels_than_the_source(int sourceChannels, int expected)
    {
        var ladder = LadderPlanner.Plan(Sources.Video(1280, 720, audioChannels: sourceChannels), Defaults);

        Assert.Equal(new AudioRendition("audio", 128, expected, 48_000), ladder.Audio);
    }

    [Fact]
    public void Audio_settings_come_from_configuration()
    {
        var options = new MediaOptions { Audio = new AudioOptions { BitrateKbps = 192, Channels = 6, SampleRate = 44_100 } };

        Assert.Equal(new AudioRendition("audio", 192, 6, 44_100), LadderPlanner.Plan(Sources.Video(1280, 720, audioChannels: 6), options).Audio);
        Assert.Equal(2, LadderPlanner.Plan(Sources.Video(1280, 720, audioChannels: 2), options).Audio!.Channels);
    }

    [Fact]
    public void Audio_with_an_unknown_channel_count_gets_one_channel()
    {
        Assert.Equal(1, LadderPlanner.Plan(Sources.Video(1280, 720, audioChannels: 0), Defaults).Audio!.Channels);
    }

    [Fact]
    public void Silent_source_has_no_audio_rendition()
    {
        Assert.Null(LadderPlanner.Plan(Sources.Video(1280, 720, audioChannels: null), Defaults).Audio);
    }

    [Fact]
    public void Ladder_is_configuration()
    {
        var options = new MediaOptions
        {
            Ladder =
            [
                new LadderRung { Name = "low", Height = 270, BitrateKbps = 400, MaxRateKbps = 600, BufferKbits = 500 },
                new LadderRung { Name = "high", Height = 540, BitrateKbps = 1500 },
            ],
        };

        var ladder = LadderPlanner.Plan(Sources.Video(1920, 1080), options);

        Assert.Equal(
            [
                new VideoRendition("high", 960, 540, 1500, 1605, 3000),
                new VideoRendition("low", 480, 270, 400, 600, 500),
            ],
            ladder.Video);
    }

    [Fact]
    public void Rungs_that_come_out_the_same_size_are_kept_once()
    {
        var options = new MediaOptions
        {
            Ladder =
            [
                new LadderRung { Name = "a", Height = 480, BitrateKbps = 1400 },
                new LadderRung { Name = "b", Height = 480, BitrateKbps = 1000 },
                new LadderRung { Name = "c", Height = 240, BitrateKbps = 400 },
            ],
        };

        var ladder = LadderPlanner.Plan(Sources.Video(854, 480), options);

        Assert.Equal([("a", 854, 480), ("c", 426, 240)], ladder.Video.Select(r => (r.Name, r.Width, r.Height)));
    }
}
