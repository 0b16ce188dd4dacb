using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class PrefillResultTests
{
    [Fact]
    public void A_prefill_that_stalls_the_streams_fails_and_one_that_shares_the_steps_passes()
    {
        var calm = LatencyStats.Of(Enumerable.Repeat(33.0, 90).Concat(Enumerable.Repeat(36.0, 10)));

        var stalled = Result(calm, LatencyStats.Of([34, 35, 21000, 21000, 21000, 21000]));
        var chunked = Result(calm, LatencyStats.Of(Enumerable.Repeat(50.0, 90).Concat(Enumerable.Repeat(70.0, 10))));

        Assert.Equal(21000 / 36.0, stalled.P95Ratio, 6);
        Assert.Equal(false, stalled.Target.Passed);
        Assert.Equal(70 / 36.0, chunked.P95Ratio, 6);
        Assert.Equal(true, chunked.Target.Passed);
    }

    [Fact]
    public void The_report_names_streams_that_ended_before_the_long_prompts_first_token()
    {
        var result = Result(LatencyStats.Of([10]), LatencyStats.Of([12])) with { StreamsEndedEarly = 2 };

        var text = result.Format(new BenchChatModel("stories", "/m/stories260K.gguf", 2048));

        Assert.Contains("2 stream(s) reached max_tokens", text, StringComparison.Ordinal);
        Assert.Contains("| step p95 while a long prompt arrives / undisturbed", text, StringComparison.Ordinal);
    }

    private static PrefillResult Result(LatencyStats undisturbed, LatencyStats disturbed) =>
        new(4, 3010, undisturbed, disturbed, 21000, 23000, 0, 1.0);
}
