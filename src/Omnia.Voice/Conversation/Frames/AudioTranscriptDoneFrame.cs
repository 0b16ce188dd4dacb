namespace Omnia.Voice.Conversation;

/// <summary>The words of a spoken answer, whole.</summary>
public sealed record AudioTranscriptDoneFrame(string ResponseId, string ItemId, string Transcript) : VoiceFrame;
