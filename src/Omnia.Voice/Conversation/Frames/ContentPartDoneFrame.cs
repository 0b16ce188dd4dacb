namespace Omnia.Voice.Conversation;

/// <summary>A response message finished its content.</summary>
public sealed record ContentPartDoneFrame(string ResponseId, string ItemId, ContentPart Part) : VoiceFrame;
