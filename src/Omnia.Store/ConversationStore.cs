using Microsoft.EntityFrameworkCore;
using Omnia.Storage;
using Omnia.Store.Rows;

namespace Omnia.Store;

/// <summary>Conversations and their items in the <see cref="StoreDatabase"/>.</summary>
internal sealed class ConversationStore(StoreDatabase database) : IConversationStore
{
    public Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            context.Conversations.Add(new ConversationRow
            {
                Id = conversation.Id,
                CreatedAt = conversation.CreatedAt.ToUniversalTime(),
                MetadataJson = conversation.MetadataJson,
                NextPosition = items.Count,
            });
            context.ConversationItems.AddRange(items.Select((item, i) => new ConversationItemRow
            {
                ConversationId = conversation.Id,
                Position = i,
                ItemId = item.Id,
                Json = item.Json,
            }));
            await context.SaveChangesAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task<ConversationPage> ListAsync(ItemPageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            // Keyset paging on (created_at, id): the id breaks ties between conversations created in the same instant.
            var query = context.Conversations.AsNoTracking();
            if (page.After is { } after)
            {
                var cursor = await query.Where(c => c.Id == after).Select(c => new { c.CreatedAt, c.Id }).FirstOrDefaultAsync(cancellationToken);
                if (cursor is null) return new ConversationPage([], HasMore: false);
                query = page.Ascending
                    ? query.Where(c => c.CreatedAt > cursor.CreatedAt || (c.CreatedAt == cursor.CreatedAt && string.Compare(c.Id, cursor.Id) > 0))
                    : query.Where(c => c.CreatedAt < cursor.CreatedAt || (c.CreatedAt == cursor.CreatedAt && string.Compare(c.Id, cursor.Id) < 0));
            }
            query = page.Ascending
                ? query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                : query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
            var rows = await query.Take(page.Limit + 1).ToListAsync(cancellationToken);
            return new ConversationPage([.. rows.Take(page.Limit).Select(r => new StoredConversation(r.Id, r.CreatedAt, r.MetadataJson))], rows.Count > page.Limit);
        }, cancellationToken);

    public Task<StoredConversation?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(context => FindAsync(context, id, cancellationToken), cancellationToken);

    public Task<StoredConversation?> UpdateMetadataAsync(string id, string metadataJson, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            var updated = await context.Conversations.Where(c => c.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.MetadataJson, metadataJson), cancellationToken);
            return updated == 0 ? null : await FindAsync(context, id, cancellationToken);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            // The foreign key cascades too; deleting the items first does not depend on SQLite's foreign_keys pragma.
            await context.ConversationItems.Where(i => i.ConversationId == id).ExecuteDeleteAsync(cancellationToken);
            return await context.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<bool> AppendItemsAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) =>
        database.WriteAsync(context => ConversationAppend.AppendAsync(context, id, items, cancellationToken), cancellationToken);

    public Task<ItemPage?> ListItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            if (!await context.Conversations.AnyAsync(c => c.Id == id, cancellationToken)) return null;
            return (ItemPage?)await ItemPaging.ReadAsync(Items(context, id), page, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<StoredItem>?> GetAllItemsAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            if (!await context.Conversations.AnyAsync(c => c.Id == id, cancellationToken)) return null;
            var rows = await Items(context, id).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            return (IReadOnlyList<StoredItem>?)[.. rows.Select(r => new StoredItem(r.ItemId, r.Json))];
        }, cancellationToken);

    public Task<StoredItem?> GetItemAsync(string id, string itemId, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            var row = await Items(context, id).Where(i => i.ItemId == itemId).OrderBy(i => i.Position).FirstOrDefaultAsync(cancellationToken);
            return row is null ? null : new StoredItem(row.ItemId, row.Json);
        }, cancellationToken);

    public Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
            await context.ConversationItems.Where(i => i.ConversationId == id && i.ItemId == itemId).ExecuteDeleteAsync(cancellationToken) > 0,
            cancellationToken);

    private static IQueryable<PagedItem> Items(StoreContext context, string id) =>
        context.ConversationItems.Where(i => i.ConversationId == id)
            .Select(i => new PagedItem { Position = i.Position, ItemId = i.ItemId, Json = i.Json });

    private static async Task<StoredConversation?> FindAsync(StoreContext context, string id, CancellationToken cancellationToken)
    {
        var row = await context.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : new StoredConversation(row.Id, row.CreatedAt, row.MetadataJson);
    }
}
