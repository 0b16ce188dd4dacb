namespace Omnia.Voice.Conversation;

/// <summary>A spoken answer was cut to what the listener heard.</summary>
public sealed record ItemTruncatedFrame(string ItemId, int ContentIndex, double AudioEndMs) : VoiceFrame;
