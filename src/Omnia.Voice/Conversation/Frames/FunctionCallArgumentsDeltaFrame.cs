namespace Omnia.Voice.Conversation;

/// <summary>More of a function call's arguments.</summary>
public sealed record FunctionCallArgumentsDeltaFrame(string ResponseId, string ItemId, int OutputIndex, string CallId, string Delta) : VoiceFrame;
