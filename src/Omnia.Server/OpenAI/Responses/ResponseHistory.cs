using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The prompt of a response: its instructions, then the history (the stored chain behind
/// <c>previous_response_id</c>, each response's input then output; or the conversation's items), then its input.
/// </summary>
internal static class ResponseHistory
{
    /// <summary>Characters of stored item JSON one request reads as history at most.</summary>
    public const long MaxHistoryCharacters = 16 * 1024 * 1024;

    /// <summary>
    /// The messages, and the key the engine keeps the prompt cache under between turns: the chain's first response,
    /// or the conversation; none for an unstored response that starts no chain, since nothing can continue it.
    /// </summary>
    public static async Task<(List<ChatMessage> Messages, string? CacheKey)> BuildAsync(MappedResponseRequest request, ResponseStores stores, CancellationToken cancellationToken)
    {
        var template = request.Template;
        var messages = new List<ChatMessage>();
        // Instructions are the request's own: those of earlier responses in a chain are not carried over (as OpenAI does).
        if (!string.IsNullOrEmpty(template.Instructions)) messages.Add(new ChatMessage(ChatRole.System, template.Instructions));
        var cacheKey = template.Store ? template.Id : null;

        if (template.PreviousResponseId is { } previous)
        {
            var chain = await ChainAsync(previous, request.TruncateAuto, stores.Responses, cancellationToken);
            // The chain's first response keys its cache; a chain cut short is keyed by its oldest kept response.
            cacheKey = chain[0].Id;
            foreach (var link in chain)
            {
                ResponseItemChatMapper.AddTo(messages, link.Input.Select(i => ResponseItemReader.Stored(i.Json)), "previous_response_id");
                ResponseItemChatMapper.AddTo(messages, link.Output.Select(i => ResponseItemReader.Stored(i.Json)), "previous_response_id");
            }
        }
        else if (request.ConversationId is { } conversation)
        {
            var items = await ConversationItemsAsync(conversation, request.TruncateAuto, stores.Conversations, cancellationToken);
            ResponseItemChatMapper.AddTo(messages, items.Select(i => ResponseItemReader.Stored(i.Json)), "conversation");
            cacheKey = conversation;
        }

        ResponseItemChatMapper.AddTo(messages, request.Input, "input");
        if (messages.Count == 0)
            throw ApiException.BadRequest("There is nothing to answer: 'input' is empty and there are no instructions or history.", "input");
        return (messages, cacheKey);
    }

    /// <summary>
    /// The chain behind <paramref name="previous"/>, oldest first, read from the newest back. Reading stops at
    /// <see cref="MaxHistoryCharacters"/> of stored items: far more than any context holds, so with truncation the
    /// older part would be dropped anyway, and without it the request is refused before the engine is asked.
    /// </summary>
    private static async Task<List<StoredResponse>> ChainAsync(string previous, bool truncate, IResponseStore store, CancellationToken cancellationToken)
    {
        var chain = new List<StoredResponse>();
        long characters = 0;
        for (var id = previous; id is not null;)
        {
            var link = await store.GetAsync(id, cancellationToken)
                ?? throw NotFound(chain.Count == 0
                    ? $"Previous response with id {Echo.Quote(previous)} not found."
                    : $"Response {Echo.Quote(id)}, earlier in the chain of {Echo.Quote(previous)}, was deleted: the history cannot be rebuilt.", "previous_response_id");
            if (chain.Count == 0 && link.Status is "queued" or "in_progress")
                throw ApiException.BadRequest($"Previous response {Echo.Quote(previous)} is still {link.Status}; wait until it completes.", "previous_response_id");
            characters += link.Input.Sum(i => (long)i.Json.Length) + link.Output.Sum(i => (long)i.Json.Length);
            if (characters > MaxHistoryCharacters && chain.Count > 0)
            {
                if (!truncate) throw HistoryTooLong("previous_response_id");
                break;
            }
            chain.Add(link);
            id = link.PreviousResponseId;
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>The conversation's items, oldest first, read a page at a time from the newest back, up to <see cref="MaxHistoryCharacters"/>.</summary>
    private static async Task<List<StoredItem>> ConversationItemsAsync(string conversation, bool truncate, IConversationStore store, CancellationToken cancellationToken)
    {
        var items = new List<StoredItem>();
        long characters = 0;
        for (string? after = null; ;)
        {
            var page = await store.ListItemsAsync(conversation, new ItemPageRequest(ItemPaging.MaxLimit, Ascending: false, after), cancellationToken)
                ?? throw NotFound($"Conversation with id {Echo.Quote(conversation)} not found.", "conversation");
            foreach (var item in page.Items)
            {
                characters += item.Json.Length;
                if (characters > MaxHistoryCharacters && items.Count > 0)
                {
                    if (!truncate) throw HistoryTooLong("conversation");
                    items.Reverse();
                    return items;
                }
                items.Add(item);
            }
            if (!page.HasMore || page.Items.Count == 0) break;
            after = page.Items[^1].Id;
        }
        items.Reverse();
        return items;
    }

    private static ApiException HistoryTooLong(string param) => ApiException.BadRequest(
        $"The history holds more than {MaxHistoryCharacters / (1024 * 1024)} MiB of items, far more than the model's context. Send 'truncation': 'auto' to answer from its newest part.",
        param, "context_length_exceeded");

    public static ApiException NotFound(string message, string param) => new(404, message, ApiException.InvalidRequest, param, "not_found");
}
