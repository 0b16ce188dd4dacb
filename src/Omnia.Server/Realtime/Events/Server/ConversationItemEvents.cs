namespace Omnia.Server.Realtime.Events.Server;

internal sealed record ItemAddedEvent(string? PreviousItemId, RealtimeItem Item) : RealtimeServerEvent;

internal sealed record ItemDoneEvent(string? PreviousItemId, RealtimeItem Item) : RealtimeServerEvent;

internal sealed record ItemRetrievedEvent(RealtimeItem Item) : RealtimeServerEvent;

internal sealed record ItemDeletedEvent(string ItemId) : RealtimeServerEvent;

internal sealed record ItemTruncatedEvent(string ItemId, int ContentIndex, double AudioEndMs) : RealtimeServerEvent;

internal sealed record TranscriptionDeltaEvent(string ItemId, int ContentIndex, string Delta) : RealtimeServerEvent;

internal sealed record TranscriptionCompletedEvent(string ItemId, int ContentIndex, string Transcript, TranscriptionUsage Usage) : RealtimeServerEvent;

/// <summary>
/// How much audio a transcription heard: <c>{"type": "duration", "seconds": s}</c>, whole seconds rounded up: the
/// official SDK reads an integer there and fails the session on a fraction.
/// </summary>
internal sealed record TranscriptionUsage(string Type, long Seconds);

internal sealed record TranscriptionFailedEvent(string ItemId, int ContentIndex, RealtimeFailure Error) : RealtimeServerEvent;
