namespace Omnia.Storage;

/// <summary>Where responses are kept. Every method is one transaction; a failure throws <see cref="StoreUnavailableException"/>.</summary>
public interface IResponseStore
{
    /// <summary>
    /// Inserts the response or replaces its status, JSON and output. The first save that carries output (a completed
    /// or incomplete response) of a response with a <see cref="StoredResponse.ConversationId"/> also appends its input
    /// and then its output to that conversation, in the same transaction.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The conversation does not exist (any more).</exception>
    Task SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a new state of a response its runner holds a lease on (in_progress, then its end, which clears the lease
    /// when <see cref="StoredResponse.LeaseExpiresAt"/> is null), as <see cref="SaveAsync"/> does, but only while the
    /// response still runs under a lease: false, and nothing saved, when the runner lost it (a reader failed it after
    /// the lease expired, or it was deleted), so a stopped run never overwrites what clients were already told.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The conversation does not exist (any more).</exception>
    Task<bool> SaveLeasedAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease of a queued or in_progress response to <paramref name="expiresAt"/>; false when it no longer
    /// runs under a lease (failed by a reader after the lease expired, deleted, or ended): the runner lost it.
    /// </summary>
    Task<bool> RenewLeaseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records a queued or in_progress response whose lease expired before <paramref name="now"/> as failed, with
    /// <paramref name="failedJson"/> as its JSON, and clears the lease. Conditional, so a runner that renewed meanwhile
    /// keeps its response: false when nothing was changed (renewed, ended, failed already or gone).
    /// </summary>
    Task<bool> ExpireLeaseAsync(string id, DateTimeOffset now, string failedJson, CancellationToken cancellationToken);

    /// <summary>The response, or null when it was never stored or was deleted.</summary>
    Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the response (its items go with it; items it appended to a conversation stay). False when absent.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of the response's input items, or null when the response does not exist.</summary>
    Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken);
}
