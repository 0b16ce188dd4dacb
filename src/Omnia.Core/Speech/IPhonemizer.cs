namespace Omnia.Speech;

/// <summary>Turns text into IPA phonemes, sentence by sentence, for engines that synthesize from phonemes (Piper).</summary>
/// <remarks>Implementations are thread-safe; a voice is a phonemizer voice name such as espeak-ng's <c>en-us</c>.</remarks>
public interface IPhonemizer
{
    /// <summary>Returns each sentence of <paramref name="text"/> with its IPA phonemes, in order; none for text with nothing to say.</summary>
    /// <exception cref="ArgumentException"><paramref name="voice"/> is not a voice this phonemizer has.</exception>
    Task<IReadOnlyList<PhonemizedSentence>> PhonemizeAsync(string text, string voice, CancellationToken cancellationToken = default);
}
