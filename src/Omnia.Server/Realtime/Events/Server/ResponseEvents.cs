namespace Omnia.Server.Realtime.Events.Server;

internal sealed record ResponseCreatedEvent(RealtimeResponse Response) : RealtimeServerEvent;

internal sealed record ResponseDoneEvent(RealtimeResponse Response) : RealtimeServerEvent;

internal sealed record OutputItemAddedEvent(string ResponseId, int OutputIndex, RealtimeItem Item) : RealtimeServerEvent;

internal sealed record OutputItemDoneEvent(string ResponseId, int OutputIndex, RealtimeItem Item) : RealtimeServerEvent;

internal sealed record FunctionCallArgumentsDeltaEvent(string ResponseId, string ItemId, int OutputIndex, string CallId, string Delta) : RealtimeServerEvent;

internal sealed record FunctionCallArgumentsDoneEvent(string ResponseId, string ItemId, int OutputIndex, string CallId, string Name, string Arguments)
    : RealtimeServerEvent;
