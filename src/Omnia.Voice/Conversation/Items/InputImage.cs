namespace Omnia.Voice.Conversation;

/// <summary>A picture the user showed, already checked and re-encoded at the edge (PNG): the chat model sees it, or its text through the media cascade.</summary>
public sealed record InputImage(ReadOnlyMemory<byte> Data, string MediaType);
