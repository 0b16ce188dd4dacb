namespace Omnia.Voice.Conversation;

/// <summary>A new utterance began.</summary>
/// <param name="AudioStartMs">Where the utterance's audio begins, with the prefix padding.</param>
/// <param name="SpeechStartMs">Where the speech itself began.</param>
public sealed record UserStartedSpeaking(long AudioStartMs, long SpeechStartMs) : TurnEvent;
