namespace Omnia.Storage;

/// <summary>
/// A response as kept for <c>previous_response_id</c>, retrieval and <c>input_items</c>. Saved again as its status
/// changes (a background response goes queued → in_progress → completed); the last save wins.
/// </summary>
/// <param name="Id">The public <c>resp_…</c> id.</param>
/// <param name="Model">The model that answered (or was asked to).</param>
/// <param name="Status">queued, in_progress, completed, incomplete, failed or cancelled.</param>
/// <param name="CreatedAt">When the request arrived.</param>
/// <param name="PreviousResponseId">The response this one continues, if any.</param>
/// <param name="ConversationId">The conversation its input and output are appended to, if any.</param>
/// <param name="Json">The whole response object as the API returns it.</param>
/// <param name="Input">The request's input items, in order (what <c>input_items</c> lists).</param>
/// <param name="Output">The output items, in order (empty until the response has produced them).</param>
public sealed record StoredResponse(
    string Id,
    string Model,
    string Status,
    DateTimeOffset CreatedAt,
    string? PreviousResponseId,
    string? ConversationId,
    string Json,
    IReadOnlyList<StoredItem> Input,
    IReadOnlyList<StoredItem> Output)
{
    /// <summary>
    /// Until when the node running this background response holds it (it renews the lease while it runs and clears it
    /// when it saves the end); null for any other response. A queued or in_progress response whose lease has passed
    /// was left by a node that stopped: readers record it as failed (<see cref="IResponseStore.ExpireLeaseAsync"/>).
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
}
