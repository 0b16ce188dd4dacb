namespace Omnia.Voice.Conversation;

/// <summary>Nothing was said from <paramref name="AudioStartMs"/> to <paramref name="AudioEndMs"/>, the idle timeout.</summary>
public sealed record UserIdle(long AudioStartMs, long AudioEndMs) : TurnEvent;
