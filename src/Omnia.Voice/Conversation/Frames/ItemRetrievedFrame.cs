namespace Omnia.Voice.Conversation;

/// <summary>An item as it is now, as asked.</summary>
public sealed record ItemRetrievedFrame(ConversationItem Item) : VoiceFrame;
