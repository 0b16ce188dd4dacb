namespace Omnia.Voice.Conversation;

/// <summary>An item left the conversation: deleted, or dropped to make room.</summary>
public sealed record ItemDeletedFrame(string ItemId) : VoiceFrame;
