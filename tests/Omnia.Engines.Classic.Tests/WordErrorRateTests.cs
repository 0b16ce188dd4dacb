namespace Omnia.Engines.Classic.Tests;

public class WordErrorRateTests
{
    [Theory]
    [InlineData("the cat sat", "the cat sat", 0)]
    [InlineData("the cat sat", "the bat sat", 1)]
    [InlineData("the cat sat", "the cat", 1)]
    [InlineData("the cat sat", "the big cat sat down", 2)]
    [InlineData("the cat sat", "", 3)]
    [InlineData("", "a b", 2)]
    public void Distance_counts_substitutions_insertions_and_deletions(string reference, string hypothesis, int expected) =>
        Assert.Equal(expected, WordErrorRate.Distance(WordErrorRate.Words(reference), WordErrorRate.Words(hypothesis)));

    [Fact]
    public void Words_ignore_case_and_punctuation() =>
        Assert.Equal(["hello", "world", "don't"], WordErrorRate.Words("Hello, WORLD!  Don't."));
}
