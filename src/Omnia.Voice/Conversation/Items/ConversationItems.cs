namespace Omnia.Voice.Conversation;

/// <summary>
/// The items of one conversation, in order, within its <see cref="ConversationLimits"/>. Owned by the conversation's
/// loop: not thread-safe.
/// </summary>
public sealed class ConversationItems(Func<ConversationLimits> limits)
{
    private readonly List<ConversationItem> _items = [];

    public int Count => _items.Count;
    public IReadOnlyList<ConversationItem> All => _items;

    public ConversationItem? Find(string? id) => _items.Find(i => i.Id == id);

    public ConversationItem Get(string? id) =>
        Find(id) ?? throw new ConversationException("item_not_found", $"No item with id '{id}' in the conversation.", "item_id");

    /// <summary>The id of the item before position <paramref name="at"/>, or null at the start.</summary>
    public string? IdBefore(int at) => at > 0 ? _items[at - 1].Id : null;

    public int IndexOf(string id) => _items.FindIndex(i => i.Id == id);

    /// <summary>Adds a client's item after <paramref name="previousItemId"/> (at the end when null); over a limit it is refused and nothing is stored.</summary>
    /// <returns>The id of the item it now follows.</returns>
    public string? AddFromClient(ConversationItem item, string? previousItemId)
    {
        if (Find(item.Id) is not null) throw new ConversationException("item_already_exists", $"An item with id '{item.Id}' already exists.", "item.id");
        var limit = limits();
        if (item.TextChars > limit.MaxItemChars)
            throw new ConversationException("item_too_large",
                $"An item's text may be at most {limit.MaxItemChars} characters; this one has {item.TextChars}.", TextParam(item));
        if (_items.Count >= limit.MaxItems)
            throw new ConversationException("conversation_too_many_items",
                $"The conversation already holds {limit.MaxItems} items, its limit: delete some (conversation.item.delete) first.", "item");
        if (Bytes() + item.Bytes > limit.MaxConversationBytes)
            throw new ConversationException("conversation_too_large",
                $"The conversation would exceed {limit.MaxConversationBytes / (1024 * 1024)} MiB: delete some items (conversation.item.delete) first.", "item");
        var at = previousItemId is null ? _items.Count : IndexOf(previousItemId) + 1;
        if (at == 0 && previousItemId is not null)
            throw new ConversationException("item_not_found", $"previous_item_id '{previousItemId}' is not in the conversation.", "previous_item_id");
        _items.Insert(at, item);
        return IdBefore(at);
    }

    /// <summary>
    /// Before the conversation adds an item of its own (a committed turn, an answer), the oldest items go until the
    /// new one fits, as OpenAI truncates a conversation that outgrows its context.
    /// </summary>
    /// <returns>The ids of the items dropped, oldest first.</returns>
    public IReadOnlyList<string> MakeRoomFor(ConversationItem item)
    {
        var limit = limits();
        List<string> dropped = [];
        var bytes = Bytes();
        while (_items.Count > 0 && (_items.Count >= limit.MaxItems || bytes + item.Bytes > limit.MaxConversationBytes))
        {
            bytes -= _items[0].Bytes;
            dropped.Add(_items[0].Id);
            _items.RemoveAt(0);
        }
        return dropped;
    }

    public void Insert(int at, ConversationItem item) => _items.Insert(at, item);

    public void Add(ConversationItem item) => _items.Add(item);

    /// <summary>Puts the new version of an item in its place; an item deleted meanwhile stays deleted.</summary>
    public void Replace(ConversationItem item)
    {
        var at = IndexOf(item.Id);
        if (at >= 0) _items[at] = item;
    }

    public void Remove(ConversationItem item) => _items.Remove(item);

    private long Bytes()
    {
        long total = 0;
        foreach (var item in _items) total += item.Bytes;
        return total;
    }

    private static string TextParam(ConversationItem item) => item.Kind switch
    {
        ItemKind.Message => "item.content",
        ItemKind.FunctionCall => "item.arguments",
        ItemKind.ToolApprovalResponse => "item.reason",
        _ => "item.output",
    };
}
