namespace Omnia.Store.Rows;

/// <summary>A stored conversation; its items are <see cref="ConversationItemRow"/>s.</summary>
internal sealed class ConversationRow
{
    public required string Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string MetadataJson { get; set; }

    /// <summary>
    /// The position the next appended item takes. Appends raise it first, which locks the row until they commit: two
    /// appends at once are serialized, each keeps its items together, and a deleted item's position is never reused.
    /// </summary>
    public long NextPosition { get; set; }
}
