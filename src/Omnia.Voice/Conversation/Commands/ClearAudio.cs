namespace Omnia.Voice.Conversation;

/// <summary>Forgets the audio buffered since the last commit.</summary>
public sealed record ClearAudio : VoiceCommand;
