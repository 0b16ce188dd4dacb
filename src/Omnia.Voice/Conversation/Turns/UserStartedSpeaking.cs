namespace Omnia.Voice.Conversation;

/// <summary>A new utterance began at <paramref name="AudioStartMs"/> (prefix padding included).</summary>
public sealed record UserStartedSpeaking(long AudioStartMs) : TurnEvent;
