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

/// <summary>
/// A tool as the session shows it: a function the model may call (<c>parameters</c> is its JSON schema), or a remote
/// MCP server (its headers and authorization are never shown).
/// </summary>
internal sealed record SessionTool(string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Parameters { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerLabel { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? AllowedTools { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? RequireApproval { get; init; }

    public static SessionTool Function(string name, string? description, JsonElement parameters) =>
        new("function") { Name = name, Description = description, Parameters = parameters };
}

/// <summary>Turn detection's settings; the session shows null when the client commits its own turns.</summary>
internal sealed record SessionTurnDetection(string Type, float Threshold, int PrefixPaddingMs, int SilenceDurationMs, bool CreateResponse, bool InterruptResponse,
    int? IdleTimeoutMs, string Eagerness);

internal sealed record SessionTranscription(string Model);
