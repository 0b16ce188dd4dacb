namespace Omnia.Voice.Conversation;

/// <summary>A command the conversation cannot carry out; the loop turns it into an error frame and goes on.</summary>
public sealed class ConversationException(string code, string message, string? param = null) : Exception(message)
{
    public string Code { get; } = code;
    public string? Param { get; } = param;

    public ConversationError ToError() => new(ConversationErrorKind.InvalidRequest, Code, Message, Param);
}
