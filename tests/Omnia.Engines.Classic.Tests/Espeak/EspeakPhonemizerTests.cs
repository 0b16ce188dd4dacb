using Omnia.Engines.Classic.Espeak;

namespace Omnia.Engines.Classic.Tests.Espeak;

public class EspeakPhonemizerTests
{
    private readonly EspeakPhonemizer phonemizer = new();

    [Fact]
    public async Task Hello_is_spelled_in_ipa()
    {
        var sentence = Assert.Single(await phonemizer.PhonemizeAsync("hello", "en-us"));

        Assert.Equal("hello", sentence.Text);
        Assert.Equal("həlˈoʊ", sentence.Phonemes);
    }

    [Fact]
    public async Task Each_sentence_comes_back_with_its_clause_punctuation()
    {
        var sentences = await phonemizer.PhonemizeAsync("Hello, world. How are you?", "en-us");

        Assert.Equal(["Hello, world.", "How are you?"], sentences.Select(s => s.Text));
        Assert.Matches("^həlˈoʊ, wˈɜːld\\.$", sentences[0].Phonemes);
        Assert.EndsWith("?", sentences[1].Phonemes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_voice_picks_the_language_rules()
    {
        var english = Assert.Single(await phonemizer.PhonemizeAsync("gut", "en-us"));
        var german = Assert.Single(await phonemizer.PhonemizeAsync("gut", "de"));

        Assert.NotEqual(english.Phonemes, german.Phonemes);
        Assert.Contains("uː", german.Phonemes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phonemizing_between_syntheses_leaves_speech_unchanged()
    {
        var speech = new EspeakTextToSpeechClient();
        var before = Pcm.Samples((await speech.GetAudioAsync("Good morning.")).Contents);

        await phonemizer.PhonemizeAsync("Guten Morgen.", "de");
        var after = Pcm.Samples((await speech.GetAudioAsync("Good morning.")).Contents);

        Assert.InRange(after.Length, before.Length * 0.97, before.Length * 1.03);
    }

    [Fact]
    public async Task Text_with_nothing_to_say_has_no_sentences()
    {
        Assert.Empty(await phonemizer.PhonemizeAsync(" ... ", "en-us"));
    }

    [Theory]
    [InlineData("xx-nowhere")]
    [InlineData("../../etc/passwd")]
    public async Task An_unknown_voice_is_refused(string voice)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => phonemizer.PhonemizeAsync("hello", voice));
    }
}
