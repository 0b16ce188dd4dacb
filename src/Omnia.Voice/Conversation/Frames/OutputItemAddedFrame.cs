namespace Omnia.Voice.Conversation;

/// <summary>A response added an item (its message, or a function call); it joins the conversation when the response is in it.</summary>
public sealed record OutputItemAddedFrame(string ResponseId, int OutputIndex, ConversationItem Item) : VoiceFrame;
