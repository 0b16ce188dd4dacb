namespace Omnia.Server.Realtime.Events.Server;

internal sealed record SpeechStartedEvent(long AudioStartMs, string? ItemId) : RealtimeServerEvent;

internal sealed record SpeechStoppedEvent(long AudioEndMs, string? ItemId) : RealtimeServerEvent;

internal sealed record InputTimeoutTriggeredEvent(long AudioStartMs, long AudioEndMs, string? ItemId) : RealtimeServerEvent;

internal sealed record InputCommittedEvent(string? PreviousItemId, string ItemId) : RealtimeServerEvent;

internal sealed record InputClearedEvent : RealtimeServerEvent;
