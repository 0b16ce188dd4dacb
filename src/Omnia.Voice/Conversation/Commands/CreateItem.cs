namespace Omnia.Voice.Conversation;

/// <summary>Adds a client's item after <see cref="PreviousItemId"/> (at the end when null).</summary>
public sealed record CreateItem(ConversationItem Item, string? PreviousItemId) : VoiceCommand;
