using System.Runtime.InteropServices;
using Omnia.Turns;

namespace Omnia.Engines.Classic.NGram;

/// <summary>
/// Scores the end of a turn by how likely an n-gram language model finds the sentence to end after the transcript's
/// last words: log10 P(&lt;/s&gt; | last N-1 words), mapped into [0, 1] by a logistic.
/// </summary>
/// <remarks>
/// <para>The transcript is read as pocketsphinx words (lowercase; letters, digits and apostrophes; punctuation and case
/// ignored), after the sentence start <c>&lt;s&gt;</c>. A word the model does not know cuts the history there (the format
/// has no <c>&lt;UNK&gt;</c>), so the sentence end is then scored from the words after it alone.</para>
/// <para>Raw P(&lt;/s&gt; | h) stays small even after a finished sentence (0.08 to 0.4 on Debian's en-us model) and is
/// 0.003 to 0.03 after an unfinished phrase such as "i went to the", so it is calibrated:
/// score = 1 / (1 + 10^(-<see cref="Steepness"/> × (log10 P - <see cref="Midpoint"/>))).
/// On 18 held-out pairs (a phrase a speaker pauses in, then the turn finished) the finished turns measured log10 P from
/// -1.09 to -0.41 and the unfinished phrases from -2.47 to -1.51 (besides two prefixes that are whole questions
/// themselves, "is it going to rain" and "what is the weather like": -0.79 and -1.17). The midpoint sits in the middle
/// of that gap, so both sides keep the same margin (scores ≥ 0.77 and ≤ 0.23); the steepness puts a typical finished
/// turn (-0.6) at 0.98 and a typical unfinished one (-2.0) at 0.02.</para>
/// <para>The model is English: a transcript in another known language (<see cref="EndOfTurnInput.Language"/> set and
/// not English) gets <see cref="NoOpinion"/>. A transcript ending in a word the model does not know is scored by the
/// unigram P(&lt;/s&gt;) (log10 -1.13, score 0.73): pocketsphinx only writes words the model knows, and the unknown
/// ones other recognizers write are mostly names, which end sentences more often than not.</para>
/// <para>Thread-safe: the model is read-only, and one instance serves every session.</para>
/// </remarks>
public sealed class NGramEndOfTurnModel : IEndOfTurnModel
{
    /// <summary>The log10 P(&lt;/s&gt; | h) that scores 0.5.</summary>
    public const double Midpoint = -1.3;

    /// <summary>How many decades of odds the score moves per decade of P(&lt;/s&gt; | h).</summary>
    public const double Steepness = 2.5;

    /// <summary>The score of a transcript the model cannot judge.</summary>
    public const double NoOpinion = 0.5;

    /// <summary>The language model file in pocketsphinx's model directory.</summary>
    public const string PocketsphinxFileName = "en-us.lm.bin";

    private readonly int _sentenceStart;
    private readonly int _sentenceEnd;

    /// <summary>Scores with <paramref name="model"/>, which must know <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>.</summary>
    public NGramEndOfTurnModel(TrieLanguageModel model)
    {
        LanguageModel = model;
        _sentenceStart = model.WordId(TrieLanguageModel.SentenceStart);
        _sentenceEnd = model.WordId(TrieLanguageModel.SentenceEnd);
        if (_sentenceStart < 0 || _sentenceEnd < 0)
        {
            throw new ArgumentException("The language model has no sentence start or end word.", nameof(model));
        }
    }

    /// <summary>The language model it reads.</summary>
    public TrieLanguageModel LanguageModel { get; }

    /// <summary>Loads Debian's pocketsphinx-en-us trigram model, <c>en-us.lm.bin</c> in <paramref name="modelDirectory"/>
    /// (pocketsphinx's model directory, <see cref="Pocketsphinx.PocketsphinxSpeechToTextClientOptions.DebianModelDirectory"/> by
    /// default): 27 MB read once in about half a second; share the instance.</summary>
    /// <exception cref="DebianPackageMissingException">The file is not there.</exception>
    /// <exception cref="InvalidDataException">The file is not a trie language model.</exception>
    public static NGramEndOfTurnModel FromPocketsphinxModel(string modelDirectory = Pocketsphinx.PocketsphinxSpeechToTextClientOptions.DebianModelDirectory)
    {
        var path = Path.Combine(modelDirectory, PocketsphinxFileName);
        if (!File.Exists(path))
        {
            throw new DebianPackageMissingException("the n-gram end-of-turn model", path, ["pocketsphinx-en-us"]);
        }
        return new NGramEndOfTurnModel(TrieLanguageModel.Load(path));
    }

    /// <summary>log10 P(&lt;/s&gt; | the transcript's last words), before calibration.</summary>
    public double SentenceEndLog10Probability(string transcript)
    {
        var ids = LanguageModelWords.LastIds(LanguageModel, transcript, LanguageModel.Order - 1, out var whole);
        if (whole)
        {
            ids.Insert(0, _sentenceStart);
        }
        return LanguageModel.Log10Probability(_sentenceEnd, CollectionsMarshal.AsSpan(ids));
    }

    /// <summary>The calibrated score of a raw log10 P(&lt;/s&gt; | h).</summary>
    public static double Calibrate(double sentenceEndLog10Probability) =>
        1 / (1 + Math.Pow(10, -Steepness * (sentenceEndLog10Probability - Midpoint)));

    /// <inheritdoc/>
    public ValueTask<double> ScoreAsync(EndOfTurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Language is { } language && !language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(NoOpinion);
        }
        return ValueTask.FromResult(Calibrate(SentenceEndLog10Probability(input.Transcript)));
    }
}
