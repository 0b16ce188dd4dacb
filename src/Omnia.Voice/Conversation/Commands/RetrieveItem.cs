namespace Omnia.Voice.Conversation;

/// <summary>Asks for an item as it is now.</summary>
public sealed record RetrieveItem(string? ItemId) : VoiceCommand;
