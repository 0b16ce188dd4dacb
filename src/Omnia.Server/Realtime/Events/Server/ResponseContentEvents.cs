using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>An event about a response message's content: Omnia's responses hold one message with one part (output 0, content 0).</summary>
internal abstract record ResponseContentEvent([property: JsonPropertyOrder(-1)] string ResponseId, [property: JsonPropertyOrder(-1)] string ItemId) : RealtimeServerEvent
{
    [JsonPropertyOrder(-1)]
    public int OutputIndex { get; init; }

    [JsonPropertyOrder(-1)]
    public int ContentIndex { get; init; }
}

internal sealed record ContentPartAddedEvent(string ResponseId, string ItemId, RealtimeContentPart Part) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record ContentPartDoneEvent(string ResponseId, string ItemId, RealtimeContentPart Part) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record OutputTextDeltaEvent(string ResponseId, string ItemId, string Delta) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record OutputTextDoneEvent(string ResponseId, string ItemId, string Text) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record OutputAudioTranscriptDeltaEvent(string ResponseId, string ItemId, string Delta) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record OutputAudioTranscriptDoneEvent(string ResponseId, string ItemId, string Transcript) : ResponseContentEvent(ResponseId, ItemId);

/// <summary>Audio in the response's output format; written as base64, straight into the event's UTF-8.</summary>
internal sealed record OutputAudioDeltaEvent(string ResponseId, string ItemId, byte[] Delta) : ResponseContentEvent(ResponseId, ItemId);

internal sealed record OutputAudioDoneEvent(string ResponseId, string ItemId) : ResponseContentEvent(ResponseId, ItemId);
