using Omnia.Speech;

namespace Omnia.Engines.Classic.Espeak;

/// <summary>IPA phonemes from Debian's libespeak-ng, the phonemizer Piper voices were trained with.</summary>
/// <remarks>
/// Thread-safe: calls run on espeak-ng's one synthesis thread (see <see cref="EspeakTextToSpeechClient"/>), one text per
/// turn. Text is cut into sentences like espeak-ng speech; each clause's punctuation (<c>, . ? ! : ;</c>) follows its
/// phonemes, followed by a space, as Piper's own phonemizer writes them.
/// </remarks>
public sealed class EspeakPhonemizer : IPhonemizer
{
    private const int MaximumVoiceIdLength = 100;

    private readonly EspeakWorker worker;

    /// <summary>Starts (once per process) espeak-ng.</summary>
    /// <exception cref="DebianPackageMissingException">libespeak-ng1 or espeak-ng-data is not installed.</exception>
    public EspeakPhonemizer()
    {
        worker = EspeakWorker.Shared;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PhonemizedSentence>> PhonemizeAsync(string text, string voice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Voice ids reach espeak-ng's file lookup, so paths out of espeak-ng-data are refused.
        if (string.IsNullOrWhiteSpace(voice) || voice.Length > MaximumVoiceIdLength || voice.Contains("..", StringComparison.Ordinal)
            || voice.StartsWith('/') || voice.Any(char.IsControl))
        {
            throw new ArgumentException($"'{voice}' is not a valid espeak-ng voice id: use a language tag such as 'en-us'.", nameof(voice));
        }
        return worker.PhonemizeAsync(text, voice, cancellationToken);
    }
}
