using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    private RealtimeLimits Limits => _deps.Options.RealtimeLimits;

    /// <summary>
    /// A client's item joins the conversation only within the limits; over one it is refused with an error event and
    /// nothing is stored. Call under <c>_gate</c>.
    /// </summary>
    private void CheckClientItem(RealtimeItem item)
    {
        if (TextChars(item) > Limits.MaxItemChars)
            throw new RealtimeProtocolException("item_too_large",
                $"An item's text may be at most {Limits.MaxItemChars} characters; this one has {TextChars(item)}.", item.Type == "message" ? "item.content" : ItemTextParam(item));
        if (_items.Count >= Limits.MaxItems)
            throw new RealtimeProtocolException("conversation_too_many_items",
                $"The conversation already holds {Limits.MaxItems} items, its limit: delete some (conversation.item.delete) first.", "item");
        if (ConversationBytes() + SizeOf(item) > Limits.MaxConversationBytes)
            throw new RealtimeProtocolException("conversation_too_large",
                $"The conversation would exceed {Limits.MaxConversationBytes / (1024 * 1024)} MiB: delete some items (conversation.item.delete) first.", "item");
    }

    /// <summary>
    /// Before the server adds an item of its own (a committed turn, an answer), the oldest items go until the new one
    /// fits, as OpenAI truncates a conversation that outgrows its context; each leaves with <c>conversation.item.deleted</c>.
    /// </summary>
    private void MakeRoomFor(RealtimeItem item)
    {
        List<string> dropped = [];
        lock (_gate)
        {
            var bytes = ConversationBytes();
            while (_items.Count > 0 && (_items.Count >= Limits.MaxItems || bytes + SizeOf(item) > Limits.MaxConversationBytes))
            {
                bytes -= SizeOf(_items[0]);
                dropped.Add(_items[0].Id);
                _items.RemoveAt(0);
            }
        }
        foreach (var id in dropped)
            Send(new JsonObject { ["type"] = "conversation.item.deleted", ["item_id"] = id });
    }

    private long ConversationBytes()
    {
        long total = 0;
        foreach (var item in _items) total += SizeOf(item);
        return total;
    }

    private static long SizeOf(RealtimeItem item) => TextChars(item) * 2L + (item.Audio?.LongLength ?? 0) * sizeof(float);

    private static long TextChars(RealtimeItem item) =>
        (long)(item.Text?.Length ?? 0) + (item.Arguments?.Length ?? 0) + (item.Output?.Length ?? 0) + (item.Name?.Length ?? 0) + (item.CallId?.Length ?? 0);

    private static string ItemTextParam(RealtimeItem item) => item.Type == "function_call" ? "item.arguments" : "item.output";
}
