namespace Omnia.Voice.Conversation;

/// <summary>A response finished one of its items.</summary>
public sealed record OutputItemDoneFrame(string ResponseId, int OutputIndex, ConversationItem Item) : VoiceFrame;
