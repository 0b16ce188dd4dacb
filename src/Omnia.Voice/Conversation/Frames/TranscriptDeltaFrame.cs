namespace Omnia.Voice.Conversation;

/// <summary>More of the transcript of the user item <c>ItemId</c>.</summary>
public sealed record TranscriptDeltaFrame(string ItemId, string Delta) : VoiceFrame;
