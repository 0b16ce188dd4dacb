namespace Omnia.Server.Realtime.Events.Server;

internal sealed record SessionCreatedEvent(RealtimeSessionResource Session) : RealtimeServerEvent;

internal sealed record SessionUpdatedEvent(RealtimeSessionResource Session) : RealtimeServerEvent;

/// <summary>A client event the session refused, or a failure it reports; the session goes on.</summary>
internal sealed record ErrorEvent(RealtimeError Error) : RealtimeServerEvent;

/// <param name="EventId">The client event that caused the error, when it had one.</param>
internal sealed record RealtimeError(string Type, string Code, string Message, string? Param, string? EventId);

/// <summary>An error inside another object (a failed transcription or response): no param, no event.</summary>
internal sealed record RealtimeFailure(string Type, string Code, string Message);

internal sealed record RateLimitsUpdatedEvent(IReadOnlyList<RealtimeRateLimit> RateLimits) : RealtimeServerEvent;

internal sealed record RealtimeRateLimit(string Name, long Limit, long Remaining, double ResetSeconds);
