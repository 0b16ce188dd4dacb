namespace Omnia.Storage;

/// <summary>One page of a list of items, in the order asked for.</summary>
/// <param name="Items">At most the page size asked for.</param>
/// <param name="HasMore">Whether items follow the last one of this page.</param>
public sealed record ItemPage(IReadOnlyList<StoredItem> Items, bool HasMore);
