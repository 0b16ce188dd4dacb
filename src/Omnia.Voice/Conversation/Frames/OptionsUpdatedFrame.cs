namespace Omnia.Voice.Conversation;

/// <summary>The conversation now works with these settings.</summary>
public sealed record OptionsUpdatedFrame(VoiceConversationOptions Options) : VoiceFrame;
