namespace Omnia.Voice.Conversation;

/// <summary>Replaces the conversation's settings; acknowledged with an options-updated frame.</summary>
public sealed record UpdateOptions(VoiceConversationOptions Options) : VoiceCommand;
