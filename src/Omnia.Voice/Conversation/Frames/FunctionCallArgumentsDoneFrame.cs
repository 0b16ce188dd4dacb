namespace Omnia.Voice.Conversation;

/// <summary>A function call's arguments, whole.</summary>
public sealed record FunctionCallArgumentsDoneFrame(string ResponseId, string ItemId, int OutputIndex, string CallId, string Name, string Arguments) : VoiceFrame;
