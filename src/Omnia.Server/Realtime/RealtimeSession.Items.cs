using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    private void CreateItem(JsonObject json, string? previousItemId)
    {
        var type = json["type"]?.GetValue<string>() ?? throw Missing("item.type");
        var id = json["id"]?.GetValue<string>() ?? "item_" + RandomId();
        RealtimeItem item;
        switch (type)
        {
            case "message":
                var role = json["role"]?.GetValue<string>() ?? throw Missing("item.role");
                if (role is not ("user" or "assistant" or "system"))
                    throw new RealtimeProtocolException("invalid_value", $"Invalid item.role '{role}': user, assistant or system.", "item.role");
                var parts = json["content"] as JsonArray ?? throw Missing("item.content");
                var text = string.Join(' ', parts.Select(p => p?["text"]?.GetValue<string>() ?? p?["transcript"]?.GetValue<string>()).Where(t => !string.IsNullOrEmpty(t)));
                item = new RealtimeItem(id, "message", role) { Text = text };
                break;
            case "function_call_output":
                item = new RealtimeItem(id, "function_call_output")
                {
                    CallId = json["call_id"]?.GetValue<string>() ?? throw Missing("item.call_id"),
                    Output = json["output"]?.GetValue<string>() ?? "",
                };
                break;
            case "function_call":
                item = new RealtimeItem(id, "function_call")
                {
                    CallId = json["call_id"]?.GetValue<string>() ?? throw Missing("item.call_id"),
                    Name = json["name"]?.GetValue<string>() ?? throw Missing("item.name"),
                    Arguments = json["arguments"]?.GetValue<string>() ?? "{}",
                };
                break;
            default:
                throw new RealtimeProtocolException("invalid_value", $"Invalid item.type '{type}': message, function_call or function_call_output.", "item.type");
        }

        string? previous;
        lock (_gate)
        {
            if (_items.Any(i => i.Id == id)) throw new RealtimeProtocolException("item_already_exists", $"An item with id '{id}' already exists.", "item.id");
            CheckClientItem(item);
            var at = previousItemId is null ? _items.Count : _items.FindIndex(i => i.Id == previousItemId) + 1;
            if (at == 0 && previousItemId is not null)
                throw new RealtimeProtocolException("item_not_found", $"previous_item_id '{previousItemId}' is not in the conversation.", "previous_item_id");
            previous = at > 0 ? _items[at - 1].Id : null;
            _items.Insert(at, item);
        }
        Send(new JsonObject { ["type"] = "conversation.item.added", ["previous_item_id"] = previous, ["item"] = item.ToJson() });
        Send(new JsonObject { ["type"] = "conversation.item.done", ["previous_item_id"] = previous, ["item"] = item.ToJson() });
    }

    private RealtimeItem FindItem(string? id)
    {
        lock (_gate)
            return _items.FirstOrDefault(i => i.Id == id)
                ?? throw new RealtimeProtocolException("item_not_found", $"No item with id '{id}' in the conversation.", "item_id");
    }

    private void DeleteItem(string? id)
    {
        var item = FindItem(id);
        lock (_gate) _items.Remove(item);
        Send(new JsonObject { ["type"] = "conversation.item.deleted", ["item_id"] = item.Id });
    }

    /// <summary>The client heard only <paramref name="audioEndMs"/> of an answer (it was interrupted): the item keeps only that.</summary>
    private void Truncate(string? id, int contentIndex, double audioEndMs)
    {
        var item = FindItem(id);
        if (item.Role != "assistant" || !item.IsAudio)
            throw new RealtimeProtocolException("invalid_value", $"Item '{id}' is not an assistant audio message.", "item_id");
        if (contentIndex != 0)
            throw new RealtimeProtocolException("invalid_value", "content_index must be 0.", "content_index");
        if (audioEndMs < 0 || audioEndMs > item.AudioMs + 1)
            throw new RealtimeProtocolException("invalid_value", $"audio_end_ms ({audioEndMs}) is past the item's audio ({item.AudioMs:0} ms).", "audio_end_ms");
        lock (_gate) item.Truncate(audioEndMs);
        Send(new JsonObject { ["type"] = "conversation.item.truncated", ["item_id"] = item.Id, ["content_index"] = 0, ["audio_end_ms"] = audioEndMs });
    }
}
