using Omnia.Engines.Llama.Inference;

namespace Omnia.Engines.Llama.Tests;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Text_that_may_start_a_stop_sequence_is_held_back_until_it_cannot()
    {
        var matcher = new StopSequenceMatcher(["END"]);

        Assert.Equal(("abc ", false), matcher.Push("abc E"));
        Assert.Equal(("", false), matcher.Push("N"));
        Assert.Equal(("ENx", false), matcher.Push("x"));
    }

    [Fact]
    public void A_stop_sequence_split_across_pieces_stops_and_nothing_of_it_is_emitted()
    {
        var matcher = new StopSequenceMatcher(["</s>", "STOP"]);

        Assert.Equal(("hello ", false), matcher.Push("hello S"));
        Assert.Equal(("", true), matcher.Push("TOP and more"));
    }

    [Fact]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var matcher = new StopSequenceMatcher(["zz", "b"]);

        Assert.Equal(("a", true), matcher.Push("abzz"));
    }

    [Fact]
    public void Without_stop_sequences_everything_passes_and_flush_returns_what_was_held()
    {
        Assert.Equal(("x", false), new StopSequenceMatcher([]).Push("x"));
        var matcher = new StopSequenceMatcher(["###"]);
        matcher.Push("end#");
        Assert.Equal("#", matcher.Flush());
    }
}
