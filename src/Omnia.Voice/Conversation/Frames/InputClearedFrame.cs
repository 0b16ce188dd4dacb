namespace Omnia.Voice.Conversation;

/// <summary>The buffered input audio was forgotten.</summary>
public sealed record InputClearedFrame : VoiceFrame;
