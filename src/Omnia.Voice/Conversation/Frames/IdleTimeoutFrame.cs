namespace Omnia.Voice.Conversation;

/// <summary>The user said nothing for the idle timeout: the assistant is prompted to speak again.</summary>
public sealed record IdleTimeoutFrame(long AudioStartMs, long AudioEndMs, string ItemId) : VoiceFrame;
