using System.Text;

namespace Omnia.Engines.Classic.NGram;

/// <summary>Splits a transcript into the words of a <see cref="TrieLanguageModel"/>'s vocabulary, as pocketsphinx writes
/// them: lowercase runs of letters, digits and apostrophes; everything else separates words.</summary>
internal static class LanguageModelWords
{
    /// <summary>The word ids of <paramref name="transcript"/>, oldest first; -1 for a word the model does not know.</summary>
    public static List<int> Ids(TrieLanguageModel model, string transcript)
    {
        var ids = new List<int>();
        var word = new StringBuilder();
        foreach (var rune in transcript.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value is '\'' or '\u2019')
            {
                word.Append(rune.Value == '\u2019' ? "'" : Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            Add(model, word, ids);
        }
        Add(model, word, ids);
        return ids;
    }

    /// <summary>Adds the word so far, as written or without the quotes around it ("'hello'"), which are not part of it
    /// unless the model spells it so ("'cause", "students'").</summary>
    private static void Add(TrieLanguageModel model, StringBuilder word, List<int> ids)
    {
        var text = word.ToString();
        word.Clear();
        var bare = text.Trim('\'');
        if (bare.Length > 0)
        {
            var id = model.WordId(text);
            ids.Add(id >= 0 ? id : model.WordId(bare));
        }
    }
}
