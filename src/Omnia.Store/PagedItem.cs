namespace Omnia.Store;

/// <summary>A response's or a conversation's item as paging reads it: its place in the list and what it stores.</summary>
internal sealed class PagedItem
{
    public long Position { get; init; }
    public required string ItemId { get; init; }
    public required string Json { get; init; }
}
