namespace Omnia.Voice.Conversation;

/// <summary>The user item <c>ItemId</c> could not be transcribed; the conversation goes on.</summary>
public sealed record TranscriptFailedFrame(string ItemId, ConversationError Error) : VoiceFrame;
