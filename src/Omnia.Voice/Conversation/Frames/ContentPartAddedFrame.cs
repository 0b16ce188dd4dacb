namespace Omnia.Voice.Conversation;

/// <summary>A response message started its content.</summary>
public sealed record ContentPartAddedFrame(string ResponseId, string ItemId, ContentPart Part) : VoiceFrame;
