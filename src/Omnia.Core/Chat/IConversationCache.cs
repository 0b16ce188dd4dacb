namespace Omnia.Chat;

/// <summary>
/// A chat engine that keeps a conversation's prompt cache between its turns (requests carrying
/// <c>ChatOptions.ConversationId</c>). Found through <c>IChatClient.GetService</c>; whoever ends the conversation (a
/// realtime session closing) tells the engine, so the cache becomes evictable like any other.
/// </summary>
public interface IConversationCache
{
    void EndConversation(string conversationId);
}
