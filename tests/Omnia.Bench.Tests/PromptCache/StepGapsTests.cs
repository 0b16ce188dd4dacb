using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class StepGapsTests
{
    [Fact]
    public void Undisturbed_gaps_leave_out_the_admission_of_later_streams_and_the_tail_of_earlier_ones()
    {
        // Stream b is admitted late (a's first gap includes b's prefill); a ends before b: three gaps each in 45..80.
        IReadOnlyList<double>[] streams = [[0, 50, 60, 70, 80], [45, 55, 65, 75, 85, 95]];

        var gaps = StepGaps.WhileAllRunning(streams);

        Assert.Equal([10, 10, 10, 10, 10, 10], gaps);
    }

    [Fact]
    public void A_stream_stalled_for_a_whole_prefill_shows_as_one_gap_as_long_as_the_stall()
    {
        // The long prompt is sent at 100 and its first token comes at 3100; this stream stalls from 95 to 3120.
        IReadOnlyList<double>[] streams = [[75, 85, 95, 3120, 3130, 3140]];

        var gaps = StepGaps.Overlapping(streams, 100, 3100);

        Assert.Equal([3025], gaps);
    }

    [Fact]
    public void Gaps_entirely_before_or_after_the_period_are_not_counted()
    {
        IReadOnlyList<double>[] streams = [[0, 10, 20, 30, 40, 50]];

        Assert.Equal([10, 10], StepGaps.Overlapping(streams, 15, 25));
    }

    [Fact]
    public void Streams_without_chunks_give_no_gaps() =>
        Assert.Empty(StepGaps.WhileAllRunning([[], []]));
}
