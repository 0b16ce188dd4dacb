namespace Omnia.Voice.Conversation;

/// <summary>A server tool call ended: completed with its output, or failed (<see cref="ConversationItem.Error"/> says why).</summary>
public sealed record ToolCallDoneFrame(string ResponseId, int OutputIndex, ConversationItem Item) : VoiceFrame;
