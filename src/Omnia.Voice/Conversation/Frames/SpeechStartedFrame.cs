namespace Omnia.Voice.Conversation;

/// <summary>The user started speaking at <c>AudioStartMs</c> of the input audio (prefix padding included); the item id their turn will have.</summary>
public sealed record SpeechStartedFrame(long AudioStartMs, string ItemId) : VoiceFrame;
