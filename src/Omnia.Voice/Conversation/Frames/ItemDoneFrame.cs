namespace Omnia.Voice.Conversation;

/// <summary>An item of the user or the client is complete (a spoken turn: with its transcript).</summary>
public sealed record ItemDoneFrame(ConversationItem Item, string? PreviousItemId) : VoiceFrame;
