using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>A response (<c>realtime.response</c>) as <c>response.created</c> and <c>response.done</c> show it.</summary>
internal sealed record RealtimeResponse(string Id, string Status)
{
    public string Object => "realtime.response";
    public ResponseStatusDetails? StatusDetails { get; init; }
    public IReadOnlyList<RealtimeItem> Output { get; init; } = [];
    public string? ConversationId { get; init; }
    public IReadOnlyList<string> OutputModalities { get; init; } = [];

    /// <summary>null is <c>"inf"</c>.</summary>
    [JsonConverter(typeof(InfOrIntegerConverter))]
    public int? MaxOutputTokens { get; init; }

    public ResponseAudio? Audio { get; init; }

    /// <summary>null while the response is in progress.</summary>
    public ResponseUsage? Usage { get; init; }

    /// <summary>The beta shape's modalities (<c>["text", "audio"]</c> or <c>["text"]</c>); absent for GA clients.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Modalities { get; init; }

    /// <summary>Omnia's own fields: the turn's latency trace once the response is done.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResponseOmnia? Omnia { get; init; }
}

/// <summary>Why a response stopped early: <c>cancelled</c> with a reason, or <c>failed</c> with an error.</summary>
internal sealed record ResponseStatusDetails(string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RealtimeFailure? Error { get; init; }
}

internal sealed record ResponseAudio(ResponseAudioOutput Output);

internal sealed record ResponseAudioOutput(WireAudioFormat Format, string Voice);

/// <summary>An audio format as GA writes it: <c>{"type": "audio/pcm", "rate": 24000}</c>.</summary>
internal sealed record WireAudioFormat(string Type, int Rate);

internal sealed record ResponseUsage(long TotalTokens, long InputTokens, long OutputTokens, InputTokenDetails InputTokenDetails, OutputTokenDetails OutputTokenDetails);

internal sealed record InputTokenDetails(long TextTokens, long AudioTokens, long CachedTokens);

internal sealed record OutputTokenDetails(long TextTokens, long AudioTokens);

internal sealed record ResponseOmnia(RealtimeLatency Latency);
