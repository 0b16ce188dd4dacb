namespace Omnia.Voice.Conversation;

/// <summary>A response's server tool call (an item of kind <see cref="ItemKind.ToolCall"/>, in progress) is being made, with these arguments.</summary>
public sealed record ToolCallStartedFrame(string ResponseId, int OutputIndex, ConversationItem Item) : VoiceFrame;
