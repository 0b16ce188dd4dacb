namespace Omnia.Voice.Conversation;

/// <summary>
/// The first silent frame after speech ending at <paramref name="AudioEndMs"/>: the turn may be over. <paramref name="TurnEnded"/>
/// is true when the turn was already decided (semantic detection ends it inside the detector's silence window).
/// </summary>
public sealed record UserPaused(long AudioEndMs, bool TurnEnded) : TurnEvent;
