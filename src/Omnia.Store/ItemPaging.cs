using Microsoft.EntityFrameworkCore;
using Omnia.Storage;

namespace Omnia.Store;

/// <summary>OpenAI's cursor paging over one list of items, in the database.</summary>
internal static class ItemPaging
{
    /// <summary>
    /// The page after <see cref="ItemPageRequest.After"/> in the order asked for, one row more read to know whether
    /// more follow. An <c>after</c> that names no item of the list gives an empty page.
    /// </summary>
    public static async Task<ItemPage> ReadAsync(IQueryable<PagedItem> items, ItemPageRequest page, CancellationToken cancellationToken)
    {
        var query = items;
        if (page.After is { } after)
        {
            var cursor = await items.Where(i => i.ItemId == after).OrderBy(i => i.Position).Select(i => (long?)i.Position).FirstOrDefaultAsync(cancellationToken);
            if (cursor is not { } position) return new ItemPage([], HasMore: false);
            query = page.Ascending ? query.Where(i => i.Position > position) : query.Where(i => i.Position < position);
        }
        query = page.Ascending ? query.OrderBy(i => i.Position) : query.OrderByDescending(i => i.Position);
        var rows = await query.Take(page.Limit + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > page.Limit;
        return new ItemPage([.. rows.Take(page.Limit).Select(r => new StoredItem(r.ItemId, r.Json))], hasMore);
    }
}
