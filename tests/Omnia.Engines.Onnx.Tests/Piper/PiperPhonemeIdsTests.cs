using Omnia.Engines.Onnx.Piper;

namespace Omnia.Engines.Onnx.Tests.Piper;

public sealed class PiperPhonemeIdsTests
{
    private static readonly Dictionary<string, long[]> Map = new()
    {
        ["_"] = [0], ["^"] = [1], ["$"] = [2], [" "] = [3], ["a"] = [10], ["c"] = [11], ["\u0327"] = [12], ["ˈ"] = [13, 14],
    };

    [Fact]
    public void Phonemes_are_framed_by_start_and_end_with_a_pad_after_each()
    {
        Assert.Equal([1, 0, 13, 14, 0, 10, 0, 3, 0, 10, 0, 2], PiperPhonemeIds.Encode("ˈa a", Map));
    }

    [Fact]
    public void Precomposed_phonemes_are_decomposed_as_piper_was_trained()
    {
        Assert.Equal([1, 0, 11, 0, 12, 0, 2], PiperPhonemeIds.Encode("ç", Map));
    }

    [Theory]
    [InlineData("\u00e7", "c\u0327")]
    [InlineData("\u1ebd", "e\u0303")]
    [InlineData("\u01d6", "u\u0308\u0304")]
    [InlineData("h\u0259l\u02c8o\u028a", "h\u0259l\u02c8o\u028a")]
    public void Latin_letters_decompose_fully_and_ipa_letters_stay(string text, string expected)
    {
        Assert.Equal(expected, LatinDecomposition.Decompose(text));
    }

    [Fact]
    public void Unknown_phonemes_are_skipped_and_none_known_is_nothing_to_say()
    {
        Assert.Equal([1, 0, 10, 0, 2], PiperPhonemeIds.Encode("aʒ", Map));
        Assert.Empty(PiperPhonemeIds.Encode("ʒʒ", Map));
    }
}
