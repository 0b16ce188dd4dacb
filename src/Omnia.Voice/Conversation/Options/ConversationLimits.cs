namespace Omnia.Voice.Conversation;

/// <summary>What one conversation may hold, so no client can grow the server's memory without bound.</summary>
public sealed record ConversationLimits
{
    /// <summary>Seconds of audio the input buffer holds until a commit; past it the oldest goes (OpenAI: 15 minutes).</summary>
    public int MaxBufferedAudioSeconds { get; init; } = 15 * 60;

    public int MaxItems { get; init; } = 1000;

    /// <summary>Characters of one item's text (its text, transcript, function arguments or output).</summary>
    public int MaxItemChars { get; init; } = 1024 * 1024;

    /// <summary>The whole conversation's text (2 bytes a character) and kept audio (4 bytes a sample).</summary>
    public long MaxConversationBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Rounds of server tool calls in one response; the round after the last must answer without tools.</summary>
    public int MaxToolRounds { get; init; } = 8;
}
