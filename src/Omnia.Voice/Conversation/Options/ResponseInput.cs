namespace Omnia.Voice.Conversation;

/// <summary>One input of a response that does not answer the whole conversation: an item of the conversation by id, or an item of its own.</summary>
public sealed record ResponseInput(string? ReferenceId, ConversationItem? Item)
{
    public static ResponseInput Reference(string? id) => new(id, null);

    public static ResponseInput Inline(ConversationItem item) => new(null, item);
}
