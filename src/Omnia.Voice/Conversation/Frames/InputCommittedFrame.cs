namespace Omnia.Voice.Conversation;

/// <summary>The buffered audio became the user item <c>ItemId</c>, after <c>PreviousItemId</c>.</summary>
public sealed record InputCommittedFrame(string ItemId, string? PreviousItemId) : VoiceFrame;
