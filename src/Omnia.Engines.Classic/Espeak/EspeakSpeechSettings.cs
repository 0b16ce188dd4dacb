namespace Omnia.Engines.Classic.Espeak;

/// <summary>The voice and prosody for one synthesis, already translated into espeak-ng's units.</summary>
/// <param name="Voice">Passed to <c>espeak_SetVoiceByName</c>: a voice name, file identifier or language tag.</param>
/// <param name="WordsPerMinute">espeak-ng's rate.</param>
/// <param name="Pitch">espeak-ng's base pitch, 0–100 (50 is normal).</param>
/// <param name="Volume">espeak-ng's volume, 0–200 (100 is normal).</param>
internal readonly record struct EspeakSpeechSettings(string Voice, int WordsPerMinute, int Pitch, int Volume);
