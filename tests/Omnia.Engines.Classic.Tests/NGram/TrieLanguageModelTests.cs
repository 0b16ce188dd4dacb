using Omnia.Engines.Classic.NGram;

namespace Omnia.Engines.Classic.Tests.NGram;

public class TrieLanguageModelTests(EnUsLanguageModelFixture fixture) : IClassFixture<EnUsLanguageModelFixture>
{
    private static readonly double UnitsPerDecade = 1 / Math.Log10(TrieLanguageModel.LogBase);

    [Fact]
    public void Debians_en_us_model_is_a_trigram_model_of_lowercase_words_with_sentence_ends()
    {
        var model = fixture.Model;
        Assert.Equal(3, model.Order);
        Assert.Equal([72547, 2051547, 1669625], model.Counts);
        Assert.Equal(72547, model.VocabularySize);
        Assert.True(model.WordId("</s>") >= 0);
        Assert.True(model.WordId("<s>") >= 0);
        Assert.Equal("weather", model.Word(model.WordId("weather")));
        Assert.Equal(-1, model.WordId("Weather"));
        Assert.Equal(-1, model.WordId("<UNK>"));
    }

    [Fact]
    public void Every_word_has_the_id_sphinxbase_gives_it()
    {
        using var reference = new SphinxbaseLanguageModel(EnUsLanguageModelFixture.FilePath);
        for (var id = 0; id < fixture.Model.VocabularySize; id += 97)
        {
            Assert.Equal(id, reference.WordId(fixture.Model.Word(id)));
        }
    }

    [Fact]
    public void Bigram_and_trigram_probabilities_with_backoff_are_the_ones_sphinxbase_computes_from_the_same_file()
    {
        // sphinxbase's own reader is the reference: its integer scores are log base 1.0001, truncated.
        var model = fixture.Model;
        using var reference = new SphinxbaseLanguageModel(EnUsLanguageModelFixture.FilePath);
        var triples = new List<(int, int, int)>();
        foreach (var (unfinished, finished, _) in EndOfTurnCases.Pairs)
        {
            foreach (var text in new[] { unfinished, finished })
            {
                var ids = new[] { "<s>" }.Concat(text.Split(' ')).Append("</s>").Select(model.WordId).ToArray();
                for (var i = 2; i < ids.Length; i++)
                {
                    triples.Add((ids[i - 2], ids[i - 1], ids[i]));
                }
            }
        }
        var random = new Random(13);
        var common = Enumerable.Range(0, 2000).Select(_ => model.WordId(CommonWords[random.Next(CommonWords.Length)])).ToArray();
        for (var i = 0; i + 2 < common.Length; i++)
        {
            triples.Add((common[i], common[i + 1], common[i + 2]));
            triples.Add((random.Next(model.VocabularySize), random.Next(model.VocabularySize), random.Next(model.VocabularySize)));
        }

        var trigramsFound = 0;
        foreach (var (w1, w2, w3) in triples)
        {
            var trigram = model.Log10Probability(w3, [w1, w2]);
            Assert.InRange(trigram * UnitsPerDecade - reference.TrigramScore(w1, w2, w3), -2, 2);
            var bigram = model.Log10Probability(w3, [w2]);
            Assert.InRange(bigram * UnitsPerDecade - reference.BigramScore(w2, w3), -2, 2);
            trigramsFound += trigram != bigram + model.Log10Backoff([w1, w2]) ? 1 : 0;
        }
        Assert.True(trigramsFound > 100, $"only {trigramsFound} of {triples.Count} triples were trigrams of the model");
    }

    [Fact]
    public void A_history_of_unknown_words_backs_off_to_the_unigram()
    {
        var model = fixture.Model;
        var the = model.WordId("the");
        Assert.Equal(model.UnigramLog10Probability(the), model.Log10Probability(the, [-1]));
        Assert.Equal(model.Log10Probability(the, [model.WordId("in")]), model.Log10Probability(the, [model.WordId("turn"), -1, model.WordId("in")]));
        Assert.InRange(model.UnigramLog10Probability(the), -2, -1); // "the" is about one word in twenty
    }

    [Fact]
    public void A_file_that_is_not_a_whole_trie_language_model_is_refused_with_what_is_wrong()
    {
        var bytes = File.ReadAllBytes(EnUsLanguageModelFixture.FilePath);
        var truncated = Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse(bytes[..(bytes.Length / 2)]));
        Assert.Contains("ends at byte", truncated.Message);
        Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse([.. bytes, 0]));
        Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse("Darpa Trigram LM"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse([]));

        // A header that claims more n-grams than the file holds is refused before anything that size is allocated.
        var huge = bytes[..800_000]; // the header, the counts and the quantization tables, then 13 kB of unigrams
        BitConverter.TryWriteBytes(huge.AsSpan(20), (1 << 25) - 1);
        Assert.Contains("ends at byte 800000", Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse(huge)).Message);
        BitConverter.TryWriteBytes(huge.AsSpan(20), 1 << 25);
        Assert.Contains("out of range", Assert.Throws<InvalidDataException>(() => TrieLanguageModel.Parse(huge)).Message);
    }

    private static readonly string[] CommonWords =
        "the of and to a in is you that it he was for on are as with his they i at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part".Split(' ');
}
