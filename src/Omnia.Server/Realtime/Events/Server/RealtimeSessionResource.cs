using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>
/// A session (<c>realtime.session</c>) as <c>session.created</c> and <c>session.updated</c> show it: the fields both
/// shapes share; written as <see cref="GaSessionResource"/> or <see cref="BetaSessionResource"/>.
/// </summary>
[JsonDerivedType(typeof(GaSessionResource))]
[JsonDerivedType(typeof(BetaSessionResource))]
internal record RealtimeSessionResource([property: JsonPropertyOrder(-1)] string Id, [property: JsonPropertyOrder(-1)] string Model, string Instructions)
{
    [JsonPropertyOrder(-1)]
    public string Object => "realtime.session";
    public IReadOnlyList<SessionTool> Tools { get; init; } = [];
    public string ToolChoice { get; init; } = "auto";
}

/// <summary>A function the model may call; <c>parameters</c> is its JSON schema.</summary>
internal sealed record SessionTool(string Name, string? Description, JsonElement Parameters)
{
    public string Type => "function";
}

/// <summary>Turn detection's settings; the session shows null when the client commits its own turns.</summary>
internal sealed record SessionTurnDetection(string Type, float Threshold, int PrefixPaddingMs, int SilenceDurationMs, bool CreateResponse, bool InterruptResponse,
    int? IdleTimeoutMs, string Eagerness);

internal sealed record SessionTranscription(string Model);
