namespace Omnia.Voice.Conversation;

/// <summary>Speech came back before the pause ended the turn: the same utterance goes on.</summary>
public sealed record UserResumed : TurnEvent;
