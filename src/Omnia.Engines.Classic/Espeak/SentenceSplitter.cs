using System.Buffers;

namespace Omnia.Engines.Classic.Espeak;

/// <summary>Cuts text into sentences (and over-long sentences into clauses) so speech can stream per piece.</summary>
/// <remarks>
/// A cut happens after sentence punctuation followed by white space or the end (so "3.14" and "e.g.x" stay whole)
/// and at line breaks. A sentence longer than <c>maxLength</c> is cut at its last clause punctuation, else its last
/// space, before the limit. Pieces with no letter or digit are dropped: they would only synthesize silence.
/// </remarks>
internal static class SentenceSplitter
{
    public const int DefaultMaxLength = 240;

    private const string SentenceEnds = ".!?…。！？";
    private const string Closers = "\"'”’)]»";
    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create(",;:—–、，；：");

    public static List<string> Split(string text, int maxLength = DefaultMaxLength)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                AddSentence(pieces, text[start..i], maxLength);
                start = i + 1;
                continue;
            }
            if (!SentenceEnds.Contains(c))
            {
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (SentenceEnds.Contains(text[end]) || Closers.Contains(text[end])))
            {
                end++;
            }
            if (end == text.Length || char.IsWhiteSpace(text[end]) || c is '。' or '！' or '？')
            {
                AddSentence(pieces, text[start..end], maxLength);
                start = end;
            }
            i = end - 1;
        }
        AddSentence(pieces, text[start..], maxLength);
        return pieces;
    }

    private static void AddSentence(List<string> pieces, string sentence, int maxLength)
    {
        sentence = sentence.Trim();
        while (sentence.Length > maxLength)
        {
            var cut = LastCut(sentence, maxLength);
            AddPiece(pieces, sentence[..cut]);
            sentence = sentence[cut..].TrimStart();
        }
        AddPiece(pieces, sentence);
    }

    private static int LastCut(string sentence, int maxLength)
    {
        var clause = sentence.AsSpan(0, maxLength).LastIndexOfAny(ClauseEnds);
        if (clause > 0)
        {
            return clause + 1;
        }
        var space = sentence.AsSpan(0, maxLength).LastIndexOf(' ');
        if (space > 0)
        {
            return space + 1;
        }
        return char.IsHighSurrogate(sentence[maxLength - 1]) ? maxLength - 1 : maxLength;
    }

    private static void AddPiece(List<string> pieces, string piece)
    {
        piece = piece.Trim();
        if (piece.Any(char.IsLetterOrDigit))
        {
            pieces.Add(piece);
        }
    }
}
