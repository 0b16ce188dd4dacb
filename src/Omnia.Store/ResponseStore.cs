using Microsoft.EntityFrameworkCore;
using Omnia.Storage;
using Omnia.Store.Rows;

namespace Omnia.Store;

/// <summary>Responses and their input and output items in the <see cref="StoreDatabase"/>.</summary>
internal sealed class ResponseStore(StoreDatabase database) : IResponseStore
{
    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => SaveAsync(response, leased: false, cancellationToken);

    public Task<bool> SaveLeasedAsync(StoredResponse response, CancellationToken cancellationToken) => SaveAsync(response, leased: true, cancellationToken);

    /// <param name="leased">Replace only a response that still runs under a lease, and never insert it again.</param>
    private Task<bool> SaveAsync(StoredResponse response, bool leased, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            var lease = Utc(response.LeaseExpiresAt);
            var responses = context.Responses.Where(r => r.Id == response.Id);
            var replaced = leased ? responses.Where(HeldByARunner) : responses;
            var updated = await replaced.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Model, response.Model)
                .SetProperty(r => r.Status, response.Status)
                .SetProperty(r => r.Json, response.Json)
                .SetProperty(r => r.LeaseExpiresAt, lease), cancellationToken);
            if (updated == 0 && leased) return false;
            if (updated == 0)
            {
                context.Responses.Add(new ResponseRow
                {
                    Id = response.Id,
                    Model = response.Model,
                    Status = response.Status,
                    CreatedAt = response.CreatedAt.ToUniversalTime(),
                    PreviousResponseId = response.PreviousResponseId,
                    ConversationId = response.ConversationId,
                    Json = response.Json,
                    LeaseExpiresAt = lease,
                });
                context.ResponseItems.AddRange(Rows(response.Id, isOutput: false, response.Input));
            }
            else
            {
                await context.ResponseItems.Where(i => i.ResponseId == response.Id && i.IsOutput).ExecuteDeleteAsync(cancellationToken);
            }
            context.ResponseItems.AddRange(Rows(response.Id, isOutput: true, response.Output));
            await context.SaveChangesAsync(cancellationToken);

            if (response.ConversationId is { } conversationId && CarriesOutput(response))
            {
                // Claimed by a conditional update, so of two saves racing only one appends.
                var claimed = await responses.Where(r => !r.AppendedToConversation)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.AppendedToConversation, true), cancellationToken);
                if (claimed == 1 && !await ConversationAppend.AppendAsync(context, conversationId, [.. response.Input, .. response.Output], cancellationToken))
                    throw new KeyNotFoundException($"The conversation '{conversationId}' does not exist.");
            }
            return true;
        }, cancellationToken);

    public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            var row = await context.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (row is null) return null;
            var items = await context.ResponseItems.AsNoTracking().Where(i => i.ResponseId == id)
                .OrderBy(i => i.IsOutput).ThenBy(i => i.Position).ToListAsync(cancellationToken);
            return new StoredResponse(
                row.Id, row.Model, row.Status, row.CreatedAt, row.PreviousResponseId, row.ConversationId, row.Json,
                [.. items.Where(i => !i.IsOutput).Select(Item)],
                [.. items.Where(i => i.IsOutput).Select(Item)])
            {
                LeaseExpiresAt = row.LeaseExpiresAt,
            };
        }, cancellationToken);

    public Task<bool> RenewLeaseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            var until = Utc(expiresAt);
            return await context.Responses.Where(r => r.Id == id).Where(HeldByARunner)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseExpiresAt, until), cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> ExpireLeaseAsync(string id, DateTimeOffset now, string failedJson, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            var at = Utc(now);
            // One conditional update: of a renewal and an expiry racing, the database lets exactly one win.
            return await context.Responses.Where(r => r.Id == id).Where(HeldByARunner).Where(r => r.LeaseExpiresAt < at)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, "failed")
                    .SetProperty(r => r.Json, failedJson)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async context =>
        {
            await context.ResponseItems.Where(i => i.ResponseId == id).ExecuteDeleteAsync(cancellationToken);
            return await context.Responses.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async context =>
        {
            if (!await context.Responses.AnyAsync(r => r.Id == id, cancellationToken)) return null;
            var input = context.ResponseItems.Where(i => i.ResponseId == id && !i.IsOutput)
                .Select(i => new PagedItem { Position = i.Position, ItemId = i.ItemId, Json = i.Json });
            return (ItemPage?)await ItemPaging.ReadAsync(input, page, cancellationToken);
        }, cancellationToken);

    /// <summary>A response still running under a lease: what only its runner may change, or a reader fail once the lease expired.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<ResponseRow, bool>> HeldByARunner =
        r => r.LeaseExpiresAt != null && (r.Status == "queued" || r.Status == "in_progress");

    /// <summary>Leases are kept in UTC, so that on SQLite (where they are text) they compare as the times do.</summary>
    private static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

    /// <summary>A completed or incomplete response, or any that has output: what the conversation is given once.</summary>
    private static bool CarriesOutput(StoredResponse response) =>
        response.Output.Count > 0 || response.Status is "completed" or "incomplete";

    private static IEnumerable<ResponseItemRow> Rows(string responseId, bool isOutput, IReadOnlyList<StoredItem> items) =>
        items.Select((item, i) => new ResponseItemRow { ResponseId = responseId, IsOutput = isOutput, Position = i, ItemId = item.Id, Json = item.Json });

    private static StoredItem Item(ResponseItemRow row) => new(row.ItemId, row.Json);
}
