namespace Omnia.Voice.Conversation;

/// <summary>The whole text of a text answer.</summary>
public sealed record TextDoneFrame(string ResponseId, string ItemId, string Text) : VoiceFrame;
