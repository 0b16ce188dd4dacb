namespace Omnia.Voice.Conversation;

/// <summary>A response was cancelled: whatever of its audio the transport still holds must be dropped, now.</summary>
public sealed record ResponseInterruptedFrame(string ResponseId) : VoiceFrame;
