namespace Omnia.Voice.Conversation;

/// <summary>The final transcript of the user item <c>ItemId</c>, with the seconds of audio it covers.</summary>
public sealed record TranscriptCompletedFrame(string ItemId, string Transcript, double AudioSeconds) : VoiceFrame;
