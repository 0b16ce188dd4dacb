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
            var chain = new List<StoredResponse>();
            for (var id = previous; id is not null;)
            {
                var link = await stores.Responses.GetAsync(id, cancellationToken)
                    ?? throw NotFound(chain.Count == 0
                        ? $"Previous response with id {Echo.Quote(previous)} not found."
                        : $"Response {Echo.Quote(id)}, earlier in the chain of {Echo.Quote(previous)}, was deleted: the history cannot be rebuilt.", "previous_response_id");
                if (chain.Count == 0 && link.Status is "queued" or "in_progress")
                    throw ApiException.BadRequest($"Previous response {Echo.Quote(previous)} is still {link.Status}; wait until it completes.", "previous_response_id");
                chain.Add(link);
                id = link.PreviousResponseId;
            }
            chain.Reverse();
            cacheKey = chain[0].Id;
            foreach (var link in chain)
            {
                ResponseItemChatMapper.AddTo(messages, link.Input.Select(i => ResponseItemReader.Stored(i.Json)), "previous_response_id");
                ResponseItemChatMapper.AddTo(messages, link.Output.Select(i => ResponseItemReader.Stored(i.Json)), "previous_response_id");
            }
        }
        else if (request.ConversationId is { } conversation)
        {
            var items = await stores.Conversations.GetAllItemsAsync(conversation, cancellationToken)
                ?? throw NotFound($"Conversation with id {Echo.Quote(conversation)} not found.", "conversation");
            ResponseItemChatMapper.AddTo(messages, items.Select(i => ResponseItemReader.Stored(i.Json)), "conversation");
            cacheKey = conversation;
        }

        ResponseItemChatMapper.AddTo(messages, request.Input, "input");
        if (messages.Count == 0)
            throw ApiException.BadRequest("There is nothing to answer: 'input' is empty and there are no instructions or history.", "input");
        return (messages, cacheKey);
    }

    public static ApiException NotFound(string message, string param) => new(404, message, ApiException.InvalidRequest, param, "not_found");
}
