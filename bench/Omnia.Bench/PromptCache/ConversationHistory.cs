namespace Omnia.Bench.PromptCache;

/// <summary>
/// The messages of one conversation as a client keeps them: the system prompt, then each question followed by the
/// answer the server really gave, so every turn's prompt extends the previous turn's prompt and answer.
/// </summary>
internal sealed class ConversationHistory(string systemPrompt)
{
    private readonly List<ChatLine> _messages = [new("system", systemPrompt)];

    public IReadOnlyList<ChatLine> Messages => _messages;

    /// <summary>Turns asked so far.</summary>
    public int Turns { get; private set; }

    /// <summary>Appends the next question; the previous one must have been answered.</summary>
    public IReadOnlyList<ChatLine> Ask(string question)
    {
        if (_messages[^1].Role == "user")
        {
            throw new InvalidOperationException($"Turn {Turns} has not been answered yet.");
        }

        _messages.Add(new ChatLine("user", question));
        Turns++;
        return _messages.ToArray();
    }

    /// <summary>Appends the answer to the last question.</summary>
    public void Answer(string answer)
    {
        if (_messages[^1].Role != "user")
        {
            throw new InvalidOperationException("There is no question to answer.");
        }

        _messages.Add(new ChatLine("assistant", answer));
    }
}
