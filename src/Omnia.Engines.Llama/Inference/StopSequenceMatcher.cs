namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// Finds stop sequences in streamed text. Text that could be the start of a stop sequence is held back until it is
/// known not to be one, so a client never receives any part of a stop sequence.
/// </summary>
internal sealed class StopSequenceMatcher(IReadOnlyList<string> stops)
{
    private string _pending = "";

    /// <summary>Adds <paramref name="text"/>; returns what is safe to emit, and whether a stop sequence was reached.</summary>
    public (string Emit, bool Stopped) Push(string text)
    {
        if (stops.Count == 0) return (text, false);
        _pending += text;

        var first = -1;
        foreach (var stop in stops)
        {
            var at = _pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        if (first >= 0)
        {
            var emit = _pending[..first];
            _pending = "";
            return (emit, true);
        }

        var hold = LongestSuffixThatStartsAStop();
        var safe = _pending[..^hold];
        _pending = _pending[^hold..];
        return (safe, false);
    }

    /// <summary>Whatever was held back, for when generation ends without a stop sequence.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = "";
        return rest;
    }

    private int LongestSuffixThatStartsAStop()
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, _pending.Length); length > longest; length--)
            {
                if (_pending.AsSpan(_pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
