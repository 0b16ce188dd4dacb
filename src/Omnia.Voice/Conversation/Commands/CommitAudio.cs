namespace Omnia.Voice.Conversation;

/// <summary>The client ends the user's turn itself: the buffered audio becomes a user item.</summary>
public sealed record CommitAudio : VoiceCommand;
