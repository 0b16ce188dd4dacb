using LLama.Native;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// The tokens the model generated for its recent answers, by the answer's text. A conversation sends each answer
/// back in its history, and the text tokenized again is often other tokens than the ones generated (a tokenizer does
/// not always spell a text as the model did), so the KV cells the answer left would not match the next prompt and it
/// would be prefilled again, longer. An answer found here is prompted as the tokens it was generated as
/// (node-llama-cpp keeps a chat's tokens the same way). Bounded by tokens: as many as every KV slot together holds,
/// so every answer still in a cache can be found (a conversation sends back all its answers, and one forgotten would
/// cut its cache at that answer); the least recently used answer goes first.
/// </summary>
/// <param name="capacityTokens">The most answer tokens kept (a few bytes each, with their text).</param>
internal sealed class GeneratedAnswers(long capacityTokens)
{
    /// <summary>Shorter answers cost little to prefill again and would only churn the table.</summary>
    public const int ShortestText = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, LLamaToken[] Tokens)>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, LLamaToken[] Tokens)> _recent = new();
    private long _tokens;

    public int Count
    {
        get
        {
            lock (_gate) return _byText.Count;
        }
    }

    /// <summary>Called by the decode loop when an answer ends whole: <paramref name="text"/> is what was sent for <paramref name="tokens"/>.</summary>
    public void Remember(string text, LLamaToken[] tokens)
    {
        if (text.Length < ShortestText || tokens.Length == 0) return;
        if (tokens.Length > capacityTokens) return;
        lock (_gate)
        {
            if (_byText.Remove(text, out var old))
            {
                _recent.Remove(old);
                _tokens -= old.Value.Tokens.Length;
            }
            _byText[text] = _recent.AddFirst((text, tokens));
            _tokens += tokens.Length;
            while (_tokens > capacityTokens)
            {
                var oldest = _recent.Last!.Value;
                _byText.Remove(oldest.Text);
                _recent.RemoveLast();
                _tokens -= oldest.Tokens.Length;
            }
        }
    }

    public bool TryGet(string text, out LLamaToken[] tokens)
    {
        lock (_gate)
        {
            if (!_byText.TryGetValue(text, out var node))
            {
                tokens = [];
                return false;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            tokens = node.Value.Tokens;
            return true;
        }
    }
}
