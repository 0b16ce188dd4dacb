using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Client;

/// <summary>
/// A client event, by its <c>type</c> (GA and beta clients send the same names). A field left out or null is null
/// here; the session says which are required. <see cref="RealtimeClientEventReader"/> reads them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SessionUpdateEvent), "session.update")]
[JsonDerivedType(typeof(InputAudioAppendEvent), "input_audio_buffer.append")]
[JsonDerivedType(typeof(InputAudioCommitEvent), "input_audio_buffer.commit")]
[JsonDerivedType(typeof(InputAudioClearEvent), "input_audio_buffer.clear")]
[JsonDerivedType(typeof(ItemCreateEvent), "conversation.item.create")]
[JsonDerivedType(typeof(ItemRetrieveEvent), "conversation.item.retrieve")]
[JsonDerivedType(typeof(ItemDeleteEvent), "conversation.item.delete")]
[JsonDerivedType(typeof(ItemTruncateEvent), "conversation.item.truncate")]
[JsonDerivedType(typeof(ResponseCreateEvent), "response.create")]
[JsonDerivedType(typeof(ResponseCancelEvent), "response.cancel")]
internal abstract record RealtimeClientEvent
{
    [JsonPropertyOrder(-1)]
    public string? EventId { get; init; }
}

/// <summary>The session's settings in the GA or the beta shape; <see cref="RealtimeSessionConfig"/> reads them, naming any bad field.</summary>
internal sealed record SessionUpdateEvent(JsonObject? Session) : RealtimeClientEvent;

/// <summary>Base64 audio in the session's input format.</summary>
internal sealed record InputAudioAppendEvent(string? Audio) : RealtimeClientEvent;

internal sealed record InputAudioCommitEvent : RealtimeClientEvent;

internal sealed record InputAudioClearEvent : RealtimeClientEvent;

internal sealed record ItemCreateEvent(RealtimeClientItem? Item, string? PreviousItemId) : RealtimeClientEvent;

internal sealed record ItemRetrieveEvent(string? ItemId) : RealtimeClientEvent;

internal sealed record ItemDeleteEvent(string? ItemId) : RealtimeClientEvent;

internal sealed record ItemTruncateEvent(string? ItemId, int? ContentIndex, double? AudioEndMs) : RealtimeClientEvent;

/// <summary>A response, with its own overrides of the session's settings.</summary>
internal sealed record ResponseCreateEvent(RealtimeResponseParams? Response) : RealtimeClientEvent;

internal sealed record ResponseCancelEvent(string? ResponseId) : RealtimeClientEvent;
