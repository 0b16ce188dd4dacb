namespace Omnia.Engines.Onnx.Piper;

/// <summary>Turns a sentence's IPA phonemes into the ids a Piper model reads, the way Piper's training data was encoded.</summary>
/// <remarks>
/// The sequence is the start symbol <c>^</c>, then each phoneme (one Unicode scalar, after canonical decomposition, so
/// "ç" is "c" and a combining cedilla) followed by the pad symbol <c>_</c>, then the end symbol <c>$</c>; a pad also
/// follows the start symbol. Phonemes the voice does not know are skipped.
/// </remarks>
internal static class PiperPhonemeIds
{
    public static long[] Encode(string phonemes, IReadOnlyDictionary<string, long[]> map)
    {
        var pad = map[PiperVoiceConfig.Pad];
        var ids = new List<long>();
        ids.AddRange(map[PiperVoiceConfig.Bos]);
        ids.AddRange(pad);
        var known = 0;
        foreach (var rune in LatinDecomposition.Decompose(phonemes).EnumerateRunes())
        {
            if (!map.TryGetValue(rune.ToString(), out var phoneme))
            {
                continue;
            }
            ids.AddRange(phoneme);
            ids.AddRange(pad);
            known++;
        }
        ids.AddRange(map[PiperVoiceConfig.Eos]);
        return known == 0 ? [] : [.. ids];
    }
}
