using Omnia.Voice.Synthesis;

namespace Omnia.Voice.Tests.Synthesis;

public sealed class ClauseSplitterTests
{
    private static List<string> Split(params string[] deltas)
    {
        var splitter = new ClauseSplitter();
        var pieces = deltas.SelectMany(splitter.Push).ToList();
        if (splitter.Flush() is { } rest) pieces.Add(rest);
        return pieces;
    }

    [Fact]
    public void The_first_piece_is_cut_at_its_first_comma_and_later_ones_only_when_long_enough()
    {
        Assert.Equal(
            ["Sure,", "I can help you with that.", "Then, we will see, as they say,", "what comes next."],
            Split("Sure, I can ", "help you with that. Then, we will see, as they say, what comes next."));
    }

    [Fact]
    public void A_first_sentence_without_punctuation_is_spoken_after_three_words_and_the_rest_waits_for_its_end()
    {
        Assert.Equal(
            ["once upon a", "time there was a small fox who lived in a wood and never stopped talking"],
            Split("once upon a ", "time there ", "was a small fox who lived in a wood and never stopped talking"));
    }

    [Fact]
    public void Fewer_words_than_that_wait_for_more_text()
    {
        var splitter = new ClauseSplitter();

        Assert.Empty(splitter.Push("one two "));
        Assert.Equal(["one two three"], splitter.Push("three four"));
    }

    [Fact]
    public void Before_speech_the_words_complete_so_far_can_be_cut_at_once_and_only_then()
    {
        var splitter = new ClauseSplitter();
        Assert.Empty(splitter.Push("Once upon"));

        Assert.Equal("Once", splitter.CutReadyWords());
        Assert.Null(splitter.CutReadyWords());
        Assert.Equal(["upon a time."], splitter.Push(" a time. "));
    }

    [Fact]
    public void Asked_before_any_word_is_complete_the_first_word_to_complete_is_the_first_piece()
    {
        var splitter = new ClauseSplitter();
        Assert.Empty(splitter.Push("Onc"));

        Assert.Null(splitter.CutReadyWords());
        Assert.Equal(["Once"], splitter.Push("e upon"));
        Assert.Empty(splitter.Push(" a"));
    }

    [Fact]
    public void When_the_listener_waits_before_speech_the_text_so_far_is_cut_a_word_being_written_included()
    {
        var splitter = new ClauseSplitter();
        Assert.Empty(splitter.Push("Sure"));

        Assert.Null(splitter.CutReadyWords());
        Assert.Equal("Sure", splitter.CutPending());
        Assert.Null(splitter.CutPending());
        Assert.Empty(splitter.Push(", here"));
    }
}
