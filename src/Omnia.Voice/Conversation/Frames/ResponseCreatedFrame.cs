namespace Omnia.Voice.Conversation;

/// <summary>A response started (or, when speculative, was released at the turn decision).</summary>
public sealed record ResponseCreatedFrame(VoiceResponse Response) : VoiceFrame;
