namespace Omnia.Storage;

/// <summary>Which page of a list to read: OpenAI's cursor paging (<c>after</c>, <c>limit</c>, <c>order</c>).</summary>
/// <param name="Limit">Page size, already validated by the caller (1–100).</param>
/// <param name="Ascending">Oldest first when true (<c>order=asc</c>), newest first otherwise.</param>
/// <param name="After">The id of the item the page starts after, in the chosen order; null for the first page.</param>
public sealed record ItemPageRequest(int Limit, bool Ascending, string? After);
