namespace Omnia.Store.Rows;

/// <summary>One item of a conversation, ordered by <see cref="Position"/>.</summary>
internal sealed class ConversationItemRow
{
    public required string ConversationId { get; set; }
    public long Position { get; set; }
    public required string ItemId { get; set; }
    public required string Json { get; set; }
}
