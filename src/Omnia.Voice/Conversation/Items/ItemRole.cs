namespace Omnia.Voice.Conversation;

/// <summary>Who a message is from.</summary>
public enum ItemRole
{
    User,
    Assistant,
    System,
}
