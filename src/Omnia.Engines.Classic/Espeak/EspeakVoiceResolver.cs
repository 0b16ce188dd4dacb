namespace Omnia.Engines.Classic.Espeak;

/// <summary>Turns a voice id from a request into the espeak-ng voice file to load.</summary>
/// <remarks>
/// <c>espeak_SetVoiceByName</c> only knows file names, matched case-sensitively ("en-gb" fails, "klingon" silently
/// gives the default voice), so ids are resolved here against the installed list, in order: the voice file
/// ("gmw/en-US"), its last part ("en-US"), the display name, a language the voice lists first, any language the
/// voice lists, then the same with the last subtag removed ("en-AU" → "en"). An espeak-ng variant ("+f3") is
/// kept. Matching ignores case.
/// </remarks>
internal static class EspeakVoiceResolver
{
    /// <summary>Returns the argument for <c>espeak_SetVoiceByName</c>, or null when no installed voice matches.</summary>
    public static string? Resolve(string id, IReadOnlyList<EspeakVoice> voices)
    {
        var plus = id.IndexOf('+', StringComparison.Ordinal);
        var variant = plus >= 0 ? id[plus..] : "";
        var tag = (plus >= 0 ? id[..plus] : id).Trim().Replace('_', '-');
        while (tag.Length > 0)
        {
            if (Match(tag, voices) is { } voice)
            {
                return voice.Identifier + variant;
            }
            var dash = tag.LastIndexOf('-');
            tag = dash > 0 ? tag[..dash] : "";
        }
        return null;
    }

    private static EspeakVoice? Match(string tag, IReadOnlyList<EspeakVoice> voices) =>
        voices.FirstOrDefault(v => Same(v.Identifier, tag))
        ?? voices.FirstOrDefault(v => Same(v.Identifier[(v.Identifier.LastIndexOf('/') + 1)..], tag))
        ?? voices.FirstOrDefault(v => Same(v.Name, tag))
        ?? voices.FirstOrDefault(v => v.Languages.Count > 0 && Same(v.Languages[0], tag))
        ?? voices.FirstOrDefault(v => v.Languages.Any(l => Same(l, tag)));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
