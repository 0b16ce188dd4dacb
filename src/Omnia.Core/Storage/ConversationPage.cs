namespace Omnia.Storage;

/// <summary>One page of the stored conversations, in the order asked for.</summary>
/// <param name="Conversations">At most the page size asked for.</param>
/// <param name="HasMore">Whether conversations follow the last one of this page.</param>
public sealed record ConversationPage(IReadOnlyList<StoredConversation> Conversations, bool HasMore);
