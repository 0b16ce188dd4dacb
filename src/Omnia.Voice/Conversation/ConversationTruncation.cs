namespace Omnia.Voice.Conversation;

/// <summary>
/// What a conversation does when its history no longer fits the model's context (OpenAI's realtime <c>truncation</c>):
/// drop its oldest messages, keeping <see cref="RetentionRatio"/> of the context for what remains, or refuse.
/// </summary>
public sealed record ConversationTruncation(double RetentionRatio)
{
    /// <summary>
    /// OpenAI's default. Omnia drops down to three quarters of the context at a time, so the turns that follow keep
    /// the same beginning (and its prompt cache) until the conversation fills the context again.
    /// </summary>
    public static ConversationTruncation Auto { get; } = new(0.75);

    /// <summary>No truncation: a conversation that outgrows the context fails with a clear error before generating.</summary>
    public static ConversationTruncation Disabled { get; } = new(0);

    public bool IsEnabled => RetentionRatio > 0;
}
