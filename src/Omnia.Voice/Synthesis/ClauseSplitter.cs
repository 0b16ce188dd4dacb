using System.Text;

namespace Omnia.Voice.Synthesis;

/// <summary>
/// Cuts streamed text into pieces worth synthesizing as soon as they are complete: sentences and clauses, the first
/// one cut early (at a comma, or after a few words when no punctuation comes) so the first audio comes quickly, later
/// ones kept longer so speech sounds natural.
/// </summary>
public sealed class ClauseSplitter
{
    /// <summary>Shortest piece cut at a comma once speech has started; shorter ones wait for more text.</summary>
    public const int MinimumClauseLength = 24;

    /// <summary>
    /// Words after which the first piece is cut at the next space even without punctuation: a model that writes a
    /// long first sentence (or none) would otherwise keep the user waiting for the whole of it in silence.
    /// </summary>
    public const int FirstPieceWords = 3;

    private readonly StringBuilder _pending = new();
    private bool _spokeAlready;

    /// <summary>Asked for the ready words when none was complete: the first piece is cut at its first word.</summary>
    private bool _hurried;

    /// <summary>Adds text and returns the pieces it completed (possibly none).</summary>
    public IReadOnlyList<string> Push(string text)
    {
        _pending.Append(text);
        var pieces = new List<string>();
        while (NextCut() is var cut and > 0)
        {
            var piece = _pending.ToString(0, cut).Trim();
            _pending.Remove(0, cut);
            if (piece.Length > 0 && piece.Any(char.IsLetterOrDigit))
            {
                pieces.Add(piece);
                _spokeAlready = true;
            }
        }
        return pieces;
    }

    /// <summary>
    /// Before anything was spoken, the words complete so far as the first piece (the user waits); null once speech has
    /// started, or while no word is complete — then the first word to complete is the first piece.
    /// </summary>
    public string? CutReadyWords()
    {
        if (_spokeAlready) return null;
        _hurried = true;
        var end = -1;
        for (var i = _pending.Length - 1; i >= 0 && end < 0; i--)
            if (char.IsWhiteSpace(_pending[i])) end = i;
        if (end < 0) return null;
        var piece = _pending.ToString(0, end).Trim();
        if (!piece.Any(char.IsLetterOrDigit)) return null;
        _pending.Remove(0, end);
        _spokeAlready = true;
        return piece;
    }

    /// <summary>
    /// Before anything was spoken, all the text so far as the first piece, a word still being written included: the
    /// listener is waiting now, and a model's word usually ends where its next token's space begins. Null once speech
    /// has started or while there is no letter.
    /// </summary>
    public string? CutPending()
    {
        if (_spokeAlready) return null;
        var piece = _pending.ToString().Trim();
        if (!piece.Any(char.IsLetterOrDigit)) return null;
        _pending.Clear();
        _spokeAlready = true;
        return piece;
    }

    /// <summary>The rest, at the end of the text.</summary>
    public string? Flush()
    {
        var rest = _pending.ToString().Trim();
        _pending.Clear();
        return rest.Any(char.IsLetterOrDigit) ? rest : null;
    }

    private int NextCut()
    {
        var words = 0;
        for (var i = 0; i < _pending.Length - 1; i++)
        {
            var c = _pending[i];
            var followedBySpace = char.IsWhiteSpace(_pending[i + 1]);
            if (c == '\n') return i + 1;
            if (!followedBySpace) continue;
            if (c is '.' or '!' or '?' or ';' or ':' or '。' or '！' or '？') return i + 1;
            if (c is ',' or '，' && (!_spokeAlready || i + 1 >= MinimumClauseLength)) return i + 1;
            if (!char.IsWhiteSpace(c) && ++words >= (_hurried ? 1 : FirstPieceWords) && !_spokeAlready) return i + 1;
        }
        return 0;
    }
}
