namespace Omnia.Voice.Conversation;

/// <summary>A spoken answer has no more audio.</summary>
public sealed record AudioDoneFrame(string ResponseId, string ItemId) : VoiceFrame;
