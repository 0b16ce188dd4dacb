namespace Omnia.Storage;

/// <summary>A conversation's own fields; its items are read and written in pages through <see cref="IConversationStore"/>.</summary>
/// <param name="Id">The public <c>conv_…</c> id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="MetadataJson">The <c>metadata</c> object in its wire form (<c>{}</c> when none).</param>
public sealed record StoredConversation(string Id, DateTimeOffset CreatedAt, string MetadataJson);
