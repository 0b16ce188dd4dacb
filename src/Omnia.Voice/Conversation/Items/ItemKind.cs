namespace Omnia.Voice.Conversation;

/// <summary>What a conversation item is.</summary>
public enum ItemKind
{
    Message,
    FunctionCall,
    FunctionCallOutput,

    /// <summary>A call to a server tool the conversation made itself, with its output or error.</summary>
    ToolCall,

    /// <summary>A server tool call the model asked for, waiting for the client's approval.</summary>
    ToolApprovalRequest,

    /// <summary>The client's answer to an approval request: approved or declined.</summary>
    ToolApprovalResponse,
}
