namespace Omnia.Voice.Conversation;

/// <summary>Removes an item from the conversation.</summary>
public sealed record DeleteItem(string? ItemId) : VoiceCommand;
