namespace Omnia.Storage;

/// <summary>
/// One item of a response or a conversation (a message, a function call, its output…) kept in its wire form: the
/// store never reads it, so the protocol layer alone owns the shape and old rows stay readable when it grows.
/// </summary>
/// <param name="Id">The item's public id (<c>msg_…</c>, <c>fc_…</c>); unique within its response or conversation.</param>
/// <param name="Json">The item as the API returns it.</param>
public sealed record StoredItem(string Id, string Json);
