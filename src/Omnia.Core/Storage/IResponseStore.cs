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

    /// <summary>The response, or null when it was never stored or was deleted.</summary>
    Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the response (its items go with it; items it appended to a conversation stay). False when absent.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of the response's input items, or null when the response does not exist.</summary>
    Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken);
}
