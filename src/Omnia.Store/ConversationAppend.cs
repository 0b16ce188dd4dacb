using Microsoft.EntityFrameworkCore;
using Omnia.Storage;
using Omnia.Store.Rows;

namespace Omnia.Store;

/// <summary>Appends items to a conversation inside the caller's write transaction.</summary>
internal static class ConversationAppend
{
    /// <summary>
    /// Reserves the next positions by raising the conversation's counter (the row stays locked until the transaction
    /// ends, so a concurrent append waits and then takes the positions after these) and adds the items there.
    /// False when the conversation does not exist.
    /// </summary>
    public static async Task<bool> AppendAsync(StoreContext context, string conversationId, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        var conversation = context.Conversations.Where(c => c.Id == conversationId);
        if (items.Count == 0) return await conversation.AnyAsync(cancellationToken);
        var count = items.Count;
        var updated = await conversation.ExecuteUpdateAsync(set => set.SetProperty(c => c.NextPosition, c => c.NextPosition + count), cancellationToken);
        if (updated == 0) return false;
        var first = await conversation.Select(c => c.NextPosition).SingleAsync(cancellationToken) - count;
        context.ConversationItems.AddRange(items.Select((item, i) => new ConversationItemRow
        {
            ConversationId = conversationId,
            Position = first + i,
            ItemId = item.Id,
            Json = item.Json,
        }));
        await context.SaveChangesAsync(cancellationToken);
        return true;
    }
}
