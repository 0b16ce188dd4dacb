namespace Omnia.Voice.Conversation;

/// <summary>Stops the response in progress: generation and speech stop, and no more of its audio is produced.</summary>
public sealed record CancelResponse : VoiceCommand;
