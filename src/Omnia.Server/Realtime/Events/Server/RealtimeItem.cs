using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>A conversation item (<c>realtime.item</c>): a message's role and content, or a function call's fields; a field that is not the item's kind's is left out.</summary>
internal sealed record RealtimeItem(string Id, string Type, string Status)
{
    public string Object => "realtime.item";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RealtimeContentPart>? Content { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arguments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Output { get; init; }
}
