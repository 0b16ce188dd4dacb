namespace Omnia.Speech;

/// <summary>Turns text into IPA phonemes, one string per sentence, for engines that synthesize from phonemes (Piper).</summary>
/// <remarks>Implementations are thread-safe; a voice is a phonemizer voice name such as espeak-ng's <c>en-us</c>.</remarks>
public interface IPhonemizer
{
    /// <summary>Returns the IPA phonemes of each sentence of <paramref name="text"/> in order; none for text with nothing to say.</summary>
    /// <exception cref="ArgumentException"><paramref name="voice"/> is not a voice this phonemizer has.</exception>
    Task<IReadOnlyList<string>> PhonemizeAsync(string text, string voice, CancellationToken cancellationToken = default);
}
