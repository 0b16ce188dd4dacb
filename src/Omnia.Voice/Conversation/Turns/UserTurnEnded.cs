namespace Omnia.Voice.Conversation;

/// <summary>The user finished: their speech ended at <paramref name="AudioEndMs"/>.</summary>
public sealed record UserTurnEnded(long AudioEndMs) : TurnEvent;
