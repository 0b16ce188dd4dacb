namespace Omnia.Voice.Conversation;

/// <summary>More text of a text answer.</summary>
public sealed record TextDeltaFrame(string ResponseId, string ItemId, string Delta) : VoiceFrame;
