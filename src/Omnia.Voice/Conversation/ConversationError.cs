namespace Omnia.Voice.Conversation;

/// <summary>Why something the conversation was asked to do failed: a stable code, a message for people, and the setting or field at fault.</summary>
public sealed record ConversationError(ConversationErrorKind Kind, string Code, string Message, string? Param = null);
