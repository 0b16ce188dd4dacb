namespace Omnia.Voice.Conversation;

/// <summary>The turn detector decided the user finished, with their speech ending at <c>AudioEndMs</c>.</summary>
public sealed record SpeechStoppedFrame(long AudioEndMs, string? ItemId) : VoiceFrame;
