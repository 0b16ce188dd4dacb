namespace Omnia.Voice.Conversation;

/// <summary>An item of the user or the client joined the conversation after <c>PreviousItemId</c>.</summary>
public sealed record ItemAddedFrame(ConversationItem Item, string? PreviousItemId) : VoiceFrame;
