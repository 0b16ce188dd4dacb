using System.Text.Json;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>One realtime server event as received, stamped with the client's timestamp, and the fields the bench reads.</summary>
internal sealed record WireEvent(JsonElement Json, long ReceivedTimestamp)
{
    public string Type => String(Json, "type") ?? string.Empty;

    /// <summary>The response a delta belongs to, or <c>response.done</c>'s own id.</summary>
    public string? ResponseId => String(Json, "response_id") ?? (Json.TryGetProperty("response", out var r) ? String(r, "id") : null);

    public string? ItemId => String(Json, "item_id");

    /// <summary><c>response.done</c>: completed, cancelled, incomplete or failed.</summary>
    public string? Status => Json.TryGetProperty("response", out var r) ? String(r, "status") : null;

    /// <summary><c>response.done</c>: <c>usage.input_tokens</c>.</summary>
    public int? PromptTokens => Usage is { } usage && usage.TryGetProperty("input_tokens", out var n) && n.TryGetInt32(out var tokens) ? tokens : null;

    /// <summary><c>response.done</c>: <c>usage.input_token_details.cached_tokens</c>.</summary>
    public int? CachedTokens => Usage is { } usage && usage.TryGetProperty("input_token_details", out var details)
        && details.ValueKind == JsonValueKind.Object && details.TryGetProperty("cached_tokens", out var n) && n.TryGetInt32(out var tokens) ? tokens : null;

    /// <summary>An <c>error</c> event's message, or a failed <c>response.done</c>'s <c>status_details.error.message</c>.</summary>
    public string? ErrorMessage =>
        Json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? String(error, "message") ?? String(error, "code")
        : Json.TryGetProperty("response", out var r) && r.TryGetProperty("status_details", out var d) && d.ValueKind == JsonValueKind.Object
          && d.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? String(e, "message") ?? String(e, "code")
        : null;

    /// <summary>A transcript (of the user's speech) or a delta's text.</summary>
    public string? Text => String(Json, "transcript") ?? String(Json, "delta");

    private JsonElement? Usage =>
        Json.TryGetProperty("response", out var r) && r.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object ? usage : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
