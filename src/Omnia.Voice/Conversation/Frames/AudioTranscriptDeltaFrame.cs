namespace Omnia.Voice.Conversation;

/// <summary>More of the words of a spoken answer, as they are spoken.</summary>
public sealed record AudioTranscriptDeltaFrame(string ResponseId, string ItemId, string Delta) : VoiceFrame;
