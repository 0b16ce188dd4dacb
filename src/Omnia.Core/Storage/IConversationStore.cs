namespace Omnia.Storage;

/// <summary>Where conversations and their items are kept. Every method is one transaction; a failure throws <see cref="StoreUnavailableException"/>.</summary>
public interface IConversationStore
{
    /// <summary>Creates the conversation with its first items, in order.</summary>
    Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// A page of all conversations by creation time (newest first unless <see cref="ItemPageRequest.Ascending"/>);
    /// <see cref="ItemPageRequest.After"/> names the conversation the page starts after.
    /// </summary>
    Task<ConversationPage> ListAsync(ItemPageRequest page, CancellationToken cancellationToken);

    /// <summary>The conversation, or null when it does not exist.</summary>
    Task<StoredConversation?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces its metadata; the updated conversation, or null when it does not exist.</summary>
    Task<StoredConversation?> UpdateMetadataAsync(string id, string metadataJson, CancellationToken cancellationToken);

    /// <summary>Deletes the conversation and its items. False when absent.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Appends the items after the last one; false when the conversation does not exist.</summary>
    Task<bool> AppendItemsAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken);

    /// <summary>A page of its items, or null when the conversation does not exist.</summary>
    Task<ItemPage?> ListItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken);

    /// <summary>Every item in order, for building the next prompt; null when the conversation does not exist.</summary>
    Task<IReadOnlyList<StoredItem>?> GetAllItemsAsync(string id, CancellationToken cancellationToken);

    /// <summary>One item, or null when the conversation or the item does not exist.</summary>
    Task<StoredItem?> GetItemAsync(string id, string itemId, CancellationToken cancellationToken);

    /// <summary>Deletes one item; false when the conversation or the item does not exist.</summary>
    Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken);
}
