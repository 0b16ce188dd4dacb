namespace Omnia.Voice.Conversation;

/// <summary>Replaces the conversation's settings but its server tools (<see cref="UpdateServerTools"/> sets those); acknowledged with an options-updated frame.</summary>
public sealed record UpdateOptions(VoiceConversationOptions Options) : VoiceCommand;
