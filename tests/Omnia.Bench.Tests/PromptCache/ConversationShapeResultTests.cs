using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class ConversationShapeResultTests
{
    [Fact]
    public void Ratios_compare_the_last_turn_with_the_first_and_with_the_cache_off()
    {
        var on = new[] { new TurnMeasurement(0, 1, 400, 0, 200), new TurnMeasurement(0, 2, 700, 380, 220), new TurnMeasurement(0, 3, 1000, 690, 260) };
        var off = new[] { new TurnMeasurement(0, 1, 400, 0, 210), new TurnMeasurement(0, 2, 700, 0, 400), new TurnMeasurement(0, 3, 1000, 0, 2600) };

        var result = new ConversationShapeResult(ConversationShape.Single, 1, on, off, 1.0);

        Assert.Equal(1.3, result.LastOverFirst, 6);
        Assert.Equal(10, result.OffOverOnAtLast, 6);
        Assert.Equal(380.0 / 400, result.MinCachedShareOfPrevious, 6);
        Assert.Equal(0, result.MaxCachedWithCacheOff);
        Assert.True(double.IsNaN(result.Rows[0].CachedShareOfPrevious));
    }

    [Fact]
    public void The_cached_share_divides_by_the_same_conversations_previous_prompt_and_keeps_the_worst()
    {
        // Conversation 1 has a longer history; dividing by conversation 0's prompt would hide its miss.
        var on = new[]
        {
            new TurnMeasurement(0, 1, 400, 0, 100), new TurnMeasurement(1, 1, 900, 0, 100),
            new TurnMeasurement(0, 2, 700, 400, 100), new TurnMeasurement(1, 2, 1200, 450, 100),
        };

        var result = new ConversationShapeResult(ConversationShape.Interleaved, 2, on, null, 1.0);

        Assert.Equal(0.5, result.MinCachedShareOfPrevious, 6);
        Assert.Equal(400, result.Rows[1].CachedTokens);
    }

    [Fact]
    public void A_turn_across_conversations_takes_the_median_first_token_and_the_slowest_as_max()
    {
        var on = new[] { 100.0, 400, 200, 300 }.Select((ms, c) => new TurnMeasurement(c, 1, 400 + c, 0, ms)).ToArray();

        var row = new ConversationShapeResult(ConversationShape.Concurrent, 4, on, null, 1.0).Rows.Single();

        Assert.Equal(250, row.FirstTokenOnMs, 6);
        Assert.Equal(400, row.FirstTokenOnMaxMs, 6);
        Assert.Equal(402, row.PromptTokens);
    }

    [Fact]
    public void Without_a_cache_off_run_or_a_second_turn_those_ratios_are_not_measured()
    {
        var result = new ConversationShapeResult(ConversationShape.Single, 1, [new TurnMeasurement(0, 1, 400, 0, 100)], null, 1.0);

        Assert.True(double.IsNaN(result.OffOverOnAtLast));
        Assert.True(double.IsNaN(result.MinCachedShareOfPrevious));
        Assert.Null(result.MaxCachedWithCacheOff);
        Assert.DoesNotContain(ConversationTargets.Of("one", result), t => t.Name.Contains("off", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_that_reuses_almost_nothing_fails_the_cached_share_target()
    {
        var on = new[] { new TurnMeasurement(0, 1, 400, 0, 100), new TurnMeasurement(0, 2, 700, 250, 100) };

        var targets = ConversationTargets.Of("one", new ConversationShapeResult(ConversationShape.Single, 1, on, null, 1.0)).ToArray();

        Assert.Equal(false, targets.Single(t => t.Name.StartsWith("cached", StringComparison.Ordinal)).Passed);
        Assert.Equal(true, targets.Single(t => t.Name.StartsWith("first token at", StringComparison.Ordinal)).Passed);
    }
}
