using Omnia.Engines.Classic.Espeak;

namespace Omnia.Engines.Classic.Tests.Espeak;

public class SentenceSplitterTests
{
    [Fact]
    public void Sentences_are_cut_after_their_punctuation() =>
        Assert.Equal(["Hello there.", "How are you?", "Fine!"], SentenceSplitter.Split("Hello there. How are you?  Fine!"));

    [Fact]
    public void Decimals_and_closing_quotes_stay_with_their_sentence() =>
        Assert.Equal(["Pi is 3.14.", "\"Really?\"", "Yes."], SentenceSplitter.Split("Pi is 3.14. \"Really?\" Yes."));

    [Fact]
    public void Line_breaks_cut_and_pieces_without_words_are_dropped() =>
        Assert.Equal(["First line", "second line"], SentenceSplitter.Split("First line\n---\nsecond line\n\n"));

    [Fact]
    public void A_long_sentence_is_cut_at_clauses_within_the_limit()
    {
        var pieces = SentenceSplitter.Split("one two three, four five six, seven eight nine ten", maxLength: 20);
        Assert.Equal(["one two three,", "four five six,", "seven eight nine ten"], pieces);
    }

    [Fact]
    public void A_long_run_without_punctuation_is_cut_at_spaces()
    {
        var pieces = SentenceSplitter.Split(string.Join(' ', Enumerable.Repeat("word", 100)), maxLength: 50);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 50));
        Assert.Equal(100, pieces.Sum(p => p.Split(' ').Length));
    }

    [Fact]
    public void Chinese_sentences_are_cut_without_spaces() =>
        Assert.Equal(["你好。", "再见！"], SentenceSplitter.Split("你好。再见！"));
}
