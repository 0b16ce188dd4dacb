namespace Omnia.Voice.Conversation;

/// <summary>What a conversation item is.</summary>
public enum ItemKind
{
    Message,
    FunctionCall,
    FunctionCallOutput,
}
