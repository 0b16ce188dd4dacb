namespace Omnia.Voice.Conversation;

/// <summary>A response ended: completed, cancelled or failed, with its output and usage.</summary>
public sealed record ResponseDoneFrame(VoiceResponse Response) : VoiceFrame;
