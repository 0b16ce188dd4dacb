using Omnia.Engines.Classic.NGram;
using Omnia.Turns;
using Xunit.Abstractions;

namespace Omnia.Engines.Classic.Tests.NGram;

public class NGramEndOfTurnModelTests(EnUsLanguageModelFixture fixture, ITestOutputHelper output) : IClassFixture<EnUsLanguageModelFixture>
{
    [Fact]
    public async Task A_finished_turn_scores_above_its_unfinished_prefix_and_the_threshold_separates_them()
    {
        output.WriteLine("log10 P(</s>|h)  score  transcript");
        foreach (var (unfinished, finished, prefixIsASentence) in EndOfTurnCases.Pairs)
        {
            var before = await Score(unfinished);
            var after = await Score(finished);
            output.WriteLine($"{fixture.EndOfTurn.SentenceEndLog10Probability(unfinished),8:F3} {before,6:F3}  {unfinished}");
            output.WriteLine($"{fixture.EndOfTurn.SentenceEndLog10Probability(finished),8:F3} {after,6:F3}  {finished}");
            Assert.True(after > before, $"'{finished}' ({after:F3}) should score above '{unfinished}' ({before:F3})");
            Assert.True(after > 0.75, $"'{finished}' ({after:F3}) is a finished turn");
            if (!prefixIsASentence)
            {
                Assert.True(before < 0.25, $"'{unfinished}' ({before:F3}) is not a finished turn");
            }
        }
    }

    [Fact]
    public async Task An_empty_transcript_is_not_a_finished_turn()
    {
        Assert.InRange(await Score(""), 0, 0.1);
        Assert.Equal(await Score(""), await Score("  ...  "));
    }

    [Fact]
    public async Task Case_and_punctuation_do_not_change_the_score()
    {
        Assert.Equal(await Score("i went to the store"), await Score("I went to the STORE."));
        Assert.Equal(await Score("what's the weather like today"), await Score("\"What\u2019s the weather, like... today?\""));
        Assert.Equal(await Score("turn on the"), await Score("Turn on the -"));
    }

    [Fact]
    public async Task Only_the_last_words_count_and_the_sentence_start_only_when_they_are_all_there_is()
    {
        var longTurn = string.Join(' ', Enumerable.Repeat("and then", 50_000)) + " i went to the store";
        Assert.Equal(await Score("i went to the store"), await Score(longTurn));
        Assert.Equal(await Score("so the store"), await Score("the store!"));
        Assert.NotEqual(await Score("the store"), await Score("store")); // "<s> store" is another history
        Assert.Equal(await Score("to the store"), await Score("to ' the ’ store ..."));
        Assert.Equal(await Score("we went to the café"), await Score("we went 😀 to the café 😀"));
    }

    [Fact]
    public async Task An_unknown_word_cuts_the_history_and_is_still_scored()
    {
        var model = fixture.Model;
        var afterUnknown = await Score("i said zqxjv the");
        var theAlone = NGramEndOfTurnModel.Calibrate(model.Log10Probability(model.WordId("</s>"), [model.WordId("the")]));
        Assert.Equal(theAlone, afterUnknown, 12);
        var sentenceEnd = NGramEndOfTurnModel.Calibrate(model.UnigramLog10Probability(model.WordId("</s>")));
        Assert.Equal(sentenceEnd, await Score("i met zqxjv"), 12);
    }

    [Fact]
    public async Task Another_language_gets_no_opinion_and_english_is_scored()
    {
        var french = new EndOfTurnInput("je voudrais réserver une table pour", ReadOnlyMemory<float>.Empty, "fr");
        Assert.Equal(NGramEndOfTurnModel.NoOpinion, await fixture.EndOfTurn.ScoreAsync(french, CancellationToken.None));
        var english = new EndOfTurnInput("i went to the", ReadOnlyMemory<float>.Empty, "en");
        Assert.Equal(await Score("i went to the"), await fixture.EndOfTurn.ScoreAsync(english, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_scores_share_one_model_and_agree()
    {
        var texts = EndOfTurnCases.Pairs.SelectMany(p => new[] { p.Unfinished, p.Finished }).ToArray();
        var expected = await Task.WhenAll(texts.Select(t => Score(t)));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await Task.WhenAll(texts.Select(t => Score(t))))));
        Assert.All(concurrent, scores => Assert.Equal(expected, scores));
    }

    [Fact]
    public void Without_pocketsphinx_en_us_loading_says_which_package_to_install()
    {
        var missing = Assert.Throws<DebianPackageMissingException>(() => NGramEndOfTurnModel.FromPocketsphinxModel("/nonexistent/pocketsphinx"));
        Assert.Contains("apt-get install -y pocketsphinx-en-us", missing.Message);
    }

    private async Task<double> Score(string transcript) =>
        await fixture.EndOfTurn.ScoreAsync(new EndOfTurnInput(transcript, ReadOnlyMemory<float>.Empty), CancellationToken.None);
}
