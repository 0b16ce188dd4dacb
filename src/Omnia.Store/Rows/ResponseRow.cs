namespace Omnia.Store.Rows;

/// <summary>A stored response; its items are <see cref="ResponseItemRow"/>s.</summary>
internal sealed class ResponseRow
{
    public required string Id { get; set; }
    public required string Model { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? PreviousResponseId { get; set; }

    /// <summary>Not a foreign key: deleting the conversation leaves its responses retrievable.</summary>
    public string? ConversationId { get; set; }
    public required string Json { get; set; }

    /// <summary>Whether its input and output were appended to <see cref="ConversationId"/> (once, by the first save with output).</summary>
    public bool AppendedToConversation { get; set; }

    /// <summary>Until when the node running it (a background response) holds it; null when none does.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
