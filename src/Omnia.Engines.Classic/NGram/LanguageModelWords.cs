using System.Text;

namespace Omnia.Engines.Classic.NGram;

/// <summary>Splits a transcript into the words of a <see cref="TrieLanguageModel"/>'s vocabulary, as pocketsphinx writes
/// them: lowercase runs of letters, digits and apostrophes (typographic ones read as "'"); everything else separates
/// words, and a run of apostrophes alone is no word.</summary>
internal static class LanguageModelWords
{
    /// <summary>The ids of the last <paramref name="count"/> words of <paramref name="transcript"/>, oldest first; -1 for a
    /// word the model does not know. Only the tail is read, so a long transcript costs no more than a short one.</summary>
    /// <param name="whole">Whether they are all the transcript's words (so the sentence starts before them).</param>
    public static List<int> LastIds(TrieLanguageModel model, string transcript, int count, out bool whole)
    {
        var start = TailStart(transcript, count);
        whole = start == 0;
        return Ids(model, transcript.AsSpan(start));
    }

    /// <summary>Where the last <paramref name="count"/> words start: the end of the word before them, or 0.</summary>
    private static int TailStart(string transcript, int count)
    {
        var text = transcript.AsSpan();
        var position = text.Length;
        var found = 0;
        var wordEnd = -1;
        var hasLetter = false;
        while (position > 0)
        {
            Rune.DecodeLastFromUtf16(text[..position], out var rune, out var consumed);
            if (IsWordRune(rune))
            {
                if (wordEnd < 0)
                {
                    (wordEnd, hasLetter) = (position, false);
                }
                hasLetter |= Rune.IsLetterOrDigit(rune);
            }
            else if (wordEnd >= 0)
            {
                if (hasLetter && ++found > count)
                {
                    return wordEnd;
                }
                wordEnd = -1;
            }
            position -= consumed;
        }
        return wordEnd >= 0 && hasLetter && ++found > count ? wordEnd : 0;
    }

    private static List<int> Ids(TrieLanguageModel model, ReadOnlySpan<char> text)
    {
        var ids = new List<int>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                word.Append(rune.Value == '\u2019' ? "'" : Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            Add(model, word, ids);
        }
        Add(model, word, ids);
        return ids;
    }

    private static bool IsWordRune(Rune rune) => Rune.IsLetterOrDigit(rune) || rune.Value is '\'' or '\u2019';

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
